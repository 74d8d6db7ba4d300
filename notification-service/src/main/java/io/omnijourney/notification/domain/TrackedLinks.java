package io.omnijourney.notification.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the absolute http(s) links of a rendered HTML body to the service's click redirect. The original URLs are
 * returned (HTML entities decoded, as a browser would follow them) so they can be recorded at send time: the redirect
 * only ever leads to a URL recorded here.
 */
public final class TrackedLinks {

    private static final Pattern HREF = Pattern.compile("(href\\s*=\\s*)([\"'])(https?://[^\"']+)\\2",
            Pattern.CASE_INSENSITIVE);

    private TrackedLinks() {
    }

    public record Rewritten(String html, List<String> originalUrls) {
    }

    /** @param redirectFor the redirect URL of link number {@code index} (0-based, in document order) */
    public static Rewritten rewrite(String html, IntFunction<String> redirectFor) {
        List<String> urls = new ArrayList<>();
        Matcher m = HREF.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 64);
        while (m.find()) {
            String original = decodeEntities(m.group(3));
            String redirect = redirectFor.apply(urls.size());
            urls.add(original);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + redirect + m.group(2)));
        }
        m.appendTail(out);
        return new Rewritten(out.toString(), List.copyOf(urls));
    }

    static String decodeEntities(String text) {
        return text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
