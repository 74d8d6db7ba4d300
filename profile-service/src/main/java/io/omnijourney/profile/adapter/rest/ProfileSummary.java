package io.omnijourney.profile.adapter.rest;

import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who is calling, in one short answer for an IVR or an agent's screen-pop: the name, how to reach her and whether she
 * agreed, her orders (the last three from any channel), her last survey scores, where she was last seen. Her open
 * journeys are journey-service's ({@code GET /profiles/{profileId}/journeys} there), asked with the profileId.
 */
public record ProfileSummary(String profileId, String name, Map<String, List<String>> identifiers,
        Map<String, String> consent, long orderCount, Object lifetimeRevenue, List<Order> lastOrders,
        Map<String, Object> lastScores, Instant lastSeenAt, String lastChannel, List<String> segments) {

    public static final String ORDER_COMPLETED = "Order Completed";
    static final int LAST_ORDERS = 3;
    /** How far back in the timeline the last orders are looked for. */
    static final int TIMELINE_READ = 200;
    private static final List<String> REACHABLE = List.of("userId", "email", "phone");

    /** One order as the timeline has it: the amount is {@code revenue}, else {@code total}. */
    public record Order(String orderId, Object amount, String currency, String channel, String storeId, Instant at) {
    }

    static ProfileSummary of(String profileId, ProfileSnapshot profile, List<TouchpointEvent> newestFirst) {
        Map<String, List<String>> identifiers = new LinkedHashMap<>();
        REACHABLE.forEach(type -> {
            List<String> values = profile.identifiers().get(type);
            if (values != null && !values.isEmpty()) {
                identifiers.put(type, values);
            }
        });
        Map<String, String> consent = new LinkedHashMap<>();
        profile.consent().forEach((channel, state) -> consent.put(channel, state.status()));
        List<Order> orders = new ArrayList<>();
        for (TouchpointEvent event : newestFirst) {
            if (orders.size() < LAST_ORDERS && ORDER_COMPLETED.equals(event.event())) {
                Map<String, Object> p = event.properties() == null ? Map.of() : event.properties();
                orders.add(new Order(text(p.get("order_id")), p.containsKey("revenue") ? p.get("revenue")
                        : p.get("total"), text(p.get("currency")), event.channel().wireName(),
                        text(p.get("store_id")), event.timestamp()));
            }
        }
        Map<String, Object> scores = new LinkedHashMap<>();
        Stream.of("lastNps", "lastCsat", "lastCes").forEach(name -> {
            Object value = profile.computed().get(name);
            if (value != null) {
                scores.put(name.substring(4).toLowerCase(java.util.Locale.ROOT), value);
            }
        });
        TouchpointEvent newest = newestFirst.isEmpty() ? null : newestFirst.get(0);
        Object count = profile.computed().get("orderCount");
        return new ProfileSummary(profileId, name(profile.traits()), identifiers, consent,
                count instanceof Number n ? n.longValue() : 0, profile.computed().get("lifetimeRevenue"), orders,
                scores, newest == null ? null : newest.timestamp(),
                newest == null ? null : newest.channel().wireName(), profile.segments());
    }

    /** {@code name}, else first and last name, else null. */
    static String name(Map<String, Object> traits) {
        if (traits == null) {
            return null;
        }
        String name = text(traits.get("name"));
        if (name != null && !name.isBlank()) {
            return name;
        }
        String first = text(traits.get("firstName"));
        String last = text(traits.get("lastName"));
        String joined = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return joined.isEmpty() ? null : joined;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
