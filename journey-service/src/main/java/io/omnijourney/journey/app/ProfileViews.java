package io.omnijourney.journey.app;

import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.IsoInstants;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.journey.domain.JourneyInstance;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/** The maps CEL conditions see as {@code profile} and {@code event}, and the profile's time zone. */
public final class ProfileViews {

    private ProfileViews() {
    }

    public static Map<String, Object> profile(String profileId, ProfileSnapshot p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", profileId == null ? "" : profileId);
        m.put("traits", p.traits());
        m.put("computed", plain(p.computed()));
        m.put("segments", p.segments());
        m.put("identifiers", p.identifiers());
        Map<String, Object> consent = new LinkedHashMap<>();
        p.consent().forEach((channel, c) -> consent.put(channel, c.status()));
        m.put("consent", consent);
        return m;
    }

    /** CEL knows strings, numbers, bools, lists and maps: instants become ISO text. */
    private static Map<String, Object> plain(Map<String, Object> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v instanceof java.time.Instant i ? IsoInstants.format(i)
                : v instanceof java.math.BigDecimal b ? b.doubleValue() : v));
        return m;
    }

    public static Map<String, Object> event(TouchpointEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", e.event() == null ? "" : e.event());
        m.put("type", e.type().wireName());
        m.put("channel", e.channel().wireName());
        m.put("messageId", e.messageId());
        m.put("properties", e.properties() == null ? Map.of() : e.properties());
        m.put("timestamp", IsoInstants.format(e.timestamp()));
        return m;
    }

    public static Map<String, Object> event(JourneyInstance.TriggerEvent t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", t.event() == null ? "" : t.event());
        m.put("messageId", t.messageId() == null ? "" : t.messageId());
        m.put("properties", t.properties());
        m.put("timestamp", t.at() == null ? "" : IsoInstants.format(t.at()));
        return m;
    }

    public static ZoneId zone(ProfileSnapshot p, ZoneId fallback) {
        if (p.traits().get("timezone") instanceof String tz && !tz.isBlank()) {
            try {
                return ZoneId.of(tz);
            } catch (DateTimeException e) {
                return fallback;
            }
        }
        return fallback;
    }

    public static ProfileSnapshot empty() {
        return new ProfileSnapshot(null, null, null, null, null);
    }
}
