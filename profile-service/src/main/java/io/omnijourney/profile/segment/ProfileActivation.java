package io.omnijourney.profile.segment;

import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.profile.app.ProfileSnapshots;
import io.omnijourney.profile.domain.Profile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code profile} variable a segment condition sees: the snapshot other services see (identifiers, traits,
 * consent, computed traits), plus per-channel activity, event counters and values relative to the evaluation time.
 * Values are what CEL can compare: integers as {@code long}, decimals as {@code double}, instants as ISO-8601 strings.
 *
 * <pre>
 * profile.identifiers.email         list of strings         profile.channels.web.count      int
 * profile.traits.plan               any JSON value          profile.events["Order Completed"] int
 * profile.consent.email.status      "subscribed", ...       profile.daysSinceLastActivity   int (absent: no activity)
 * profile.computed.orderCount       int                     profile.daysSinceLastOrder      int (absent: no order)
 * profile.computed.lifetimeRevenue  double                  profile.daysSinceCreated        int
 * </pre>
 */
public final class ProfileActivation {

    private ProfileActivation() {
    }

    public static Map<String, Object> of(Profile profile, Instant now) {
        ProfileSnapshot snapshot = ProfileSnapshots.of(profile);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", profile.id());
        map.put("identifiers", plain(snapshot.identifiers()));
        map.put("traits", plain(snapshot.traits()));
        Map<String, Object> consent = new LinkedHashMap<>();
        snapshot.consent().forEach((channel, state) -> consent.put(channel,
                Map.of("status", state.status(), "updatedAt", state.updatedAt().toString())));
        map.put("consent", consent);
        map.put("computed", plain(snapshot.computed()));
        Map<String, Object> channels = new LinkedHashMap<>();
        profile.channels().forEach((channel, stats) -> channels.put(channel.wireName(), Map.of(
                "firstSeenAt", stats.firstSeenAt().toString(), "lastSeenAt", stats.lastSeenAt().toString(),
                "count", stats.count())));
        map.put("channels", channels);
        map.put("events", new LinkedHashMap<>(profile.eventCounters()));
        map.put("createdAt", profile.createdAt().toString());
        map.put("daysSinceCreated", days(profile.createdAt(), now));
        profile.daysSinceLastActivity(now).ifPresent(days -> map.put("daysSinceLastActivity", days));
        if (profile.computed().lastOrderAt() != null) {
            map.put("daysSinceLastOrder", days(profile.computed().lastOrderAt(), now));
        }
        return map;
    }

    private static long days(Instant since, Instant now) {
        return Math.max(0, Duration.between(since, now).toDays());
    }

    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(plain(v)));
            return copy;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : big.doubleValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        return value;
    }
}
