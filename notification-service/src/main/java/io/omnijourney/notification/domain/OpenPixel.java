package io.omnijourney.notification.domain;

import java.util.Base64;
import java.util.Optional;

/**
 * The open pixel of an HTML email: a 1x1 transparent GIF whose signed URL names the message. Mail clients that load
 * images report the open; those that do not (and privacy proxies that load every image) make opens an estimate,
 * which is all an open rate ever is.
 */
public final class OpenPixel {

    /** Which HTML emails carry the pixel. */
    public enum Scope {
        /** Marketing mail only (transactional mail is left alone). */
        MARKETING,
        ALL,
        NONE;

        public boolean covers(boolean marketing) {
            return this == ALL || this == MARKETING && marketing;
        }
    }

    /** A transparent 1x1 GIF. */
    public static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final String PREFIX = "open|";

    private OpenPixel() {
    }

    public static String token(String secret, String requestId) {
        return Signatures.token(secret, PREFIX + requestId);
    }

    /** The request a pixel token names, if this service minted it. */
    public static Optional<String> requestId(String secret, String token) {
        return Signatures.verifyToken(secret, token).filter(p -> p.startsWith(PREFIX) && p.length() > PREFIX.length())
                .map(p -> p.substring(PREFIX.length()));
    }

    private static final String PUSH_PREFIX = "push|";

    /** The token of a push message's open report ({@code data.openUrl}, which the app posts to when it is opened). */
    public static String pushToken(String secret, String requestId) {
        return Signatures.token(secret, PUSH_PREFIX + requestId);
    }

    /** The request a push-open token names, if this service minted it. */
    public static Optional<String> pushRequestId(String secret, String token) {
        return Signatures.verifyToken(secret, token)
                .filter(p -> p.startsWith(PUSH_PREFIX) && p.length() > PUSH_PREFIX.length())
                .map(p -> p.substring(PUSH_PREFIX.length()));
    }

    /** The pixel just before {@code </body>} (any case), else at the end. */
    public static String append(String html, String url) {
        String img = "<img src=\"" + url + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\">";
        int body = html.toLowerCase(java.util.Locale.ROOT).lastIndexOf("</body>");
        return body < 0 ? html + img : html.substring(0, body) + img + html.substring(body);
    }
}
