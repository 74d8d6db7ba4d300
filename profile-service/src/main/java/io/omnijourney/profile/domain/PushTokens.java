package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The push addresses of a profile: the device tokens its apps reported, newest first, at most {@link #MAX} (a person
 * has a few devices; a client cannot grow the list, the oldest token goes). A token is not an identifier: devices are
 * shared and sold, so a token never links two people into one profile.
 */
public final class PushTokens {

    /** Devices kept per profile. */
    public static final int MAX = 5;
    /** APNs tokens are 64 hex characters, FCM registration tokens about 160: anything far longer is not a token. */
    static final int MAX_LENGTH = 512;
    static final String REFUSAL_TYPE = "pushToken";
    private static final Set<String> PLATFORMS = Set.of("ios", "android");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_:\\-.]{8," + MAX_LENGTH + "}");
    private static final Comparator<PushToken> NEWEST_FIRST =
            Comparator.comparing(PushToken::seen).reversed().thenComparing(PushToken::token);

    private PushTokens() {
    }

    /** Records the token an event carries in {@code context.device}, if any. */
    static WithRefusals<List<PushToken>> record(List<PushToken> current, TouchpointEvent event) {
        if (event.context() == null || !(event.context().get("device") instanceof Map<?, ?> device)
                || device.get("token") == null) {
            return WithRefusals.clean(current);
        }
        EventStamp source = EventStamp.of(event);
        Object token = device.get("token");
        Object type = device.get("type");
        String platform = type instanceof String s ? s.toLowerCase(Locale.ROOT) : "";
        if (!(token instanceof String text) || !TOKEN.matcher(text).matches()) {
            return new WithRefusals<>(current, List.of(Refusal.of(REFUSAL_TYPE, token, RefusalReason.INVALID_IDENTIFIER,
                    source)));
        }
        if (!PLATFORMS.contains(platform)) {
            return new WithRefusals<>(current, List.of(Refusal.of(REFUSAL_TYPE, "device.type=" + type,
                    RefusalReason.INVALID_IDENTIFIER, source)));
        }
        List<PushToken> all = new ArrayList<>(current);
        all.add(new PushToken(text, platform, source));
        return WithRefusals.clean(newest(all));
    }

    /** Both profiles' tokens, each token once with its latest sighting, newest first, within the bound. */
    static List<PushToken> merge(List<PushToken> left, List<PushToken> right) {
        List<PushToken> all = new ArrayList<>(left);
        all.addAll(right);
        return newest(all);
    }

    /** Newest first; the order the snapshot lists them in and the push channel picks from. */
    static List<PushToken> newest(List<PushToken> tokens) {
        Map<String, PushToken> latest = new LinkedHashMap<>();
        for (PushToken token : tokens) {
            latest.merge(token.token(), token, (a, b) -> b.seen().supersedes(a.seen()) ? b : a);
        }
        return latest.values().stream().sorted(NEWEST_FIRST).limit(MAX).toList();
    }
}
