package io.omnijourney.profile.app;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test data builder for events sent through the resolver: unique messageIds unless a test pins one. */
final class Touchpoints {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final TouchpointEventBuilder builder;
    private final Map<String, Object> traits = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private Instant at = T0;
    private Instant receivedAt;

    private Touchpoints(EventType type) {
        builder = TouchpointEventBuilder.of(type)
                .messageId("m-" + UUID.randomUUID())
                .channel(Channel.WEB)
                .sourceId("src-test");
    }

    static Touchpoints track(String name) {
        Touchpoints events = new Touchpoints(EventType.TRACK);
        events.builder.event(name);
        return events;
    }

    static Touchpoints identify() {
        return new Touchpoints(EventType.IDENTIFY);
    }

    static Touchpoints page() {
        return new Touchpoints(EventType.PAGE);
    }

    Touchpoints messageId(String value) {
        builder.messageId(value);
        return this;
    }

    Touchpoints atMinute(long minutes) {
        at = T0.plus(Duration.ofMinutes(minutes));
        return this;
    }

    /** The server-side arrival time, which decides which profile is older. */
    Touchpoints receivedAtMinute(long minutes) {
        receivedAt = T0.plus(Duration.ofMinutes(minutes));
        return this;
    }

    Touchpoints userId(String value) {
        builder.userId(value);
        return this;
    }

    Touchpoints anonymousId(String value) {
        builder.anonymousId(value);
        return this;
    }

    Touchpoints email(String value) {
        return trait("email", value);
    }

    Touchpoints trait(String key, Object value) {
        traits.put(key, value);
        return this;
    }

    Touchpoints property(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    TouchpointEvent build() {
        return builder
                .traits(traits.isEmpty() ? null : traits)
                .properties(properties.isEmpty() ? null : properties)
                .timestamp(at)
                .receivedAt(receivedAt != null ? receivedAt : at.plusSeconds(1))
                .build();
    }
}
