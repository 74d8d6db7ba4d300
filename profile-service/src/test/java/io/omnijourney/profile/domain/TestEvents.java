package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Test data builder for touchpoints: every event gets a unique messageId and a time unless a test sets them. */
final class TestEvents {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final TouchpointEventBuilder builder;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, Object> traits = new LinkedHashMap<>();
    private final Map<String, Object> contextTraits = new LinkedHashMap<>();
    private final Map<String, Object> device = new LinkedHashMap<>();
    private Instant at = T0;
    private Instant receivedAt;

    private TestEvents(EventType type) {
        builder = TouchpointEventBuilder.of(type)
                .messageId(String.format("m-%05d", SEQUENCE.incrementAndGet()))
                .channel(Channel.WEB)
                .sourceId("src-test");
    }

    static TestEvents track(String name) {
        TestEvents events = new TestEvents(EventType.TRACK);
        events.builder.event(name);
        return events;
    }

    static TestEvents identify() {
        return new TestEvents(EventType.IDENTIFY);
    }

    static TestEvents page() {
        return new TestEvents(EventType.PAGE);
    }

    static TestEvents alias(String previousId, String userId) {
        TestEvents events = new TestEvents(EventType.ALIAS);
        events.builder.previousId(previousId).userId(userId);
        return events;
    }

    static Instant minutes(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    TestEvents messageId(String value) {
        builder.messageId(value);
        return this;
    }

    TestEvents at(Instant value) {
        at = value;
        return this;
    }

    TestEvents atMinute(long minutes) {
        return at(minutes(minutes));
    }

    /** When ingest received it; one second after the event time unless set. */
    TestEvents receivedAt(Instant value) {
        receivedAt = value;
        return this;
    }

    TestEvents sourceId(String value) {
        builder.sourceId(value);
        return this;
    }

    TestEvents channel(Channel value) {
        builder.channel(value);
        return this;
    }

    TestEvents userId(String value) {
        builder.userId(value);
        return this;
    }

    TestEvents anonymousId(String value) {
        builder.anonymousId(value);
        return this;
    }

    TestEvents trait(String key, Object value) {
        traits.put(key, value);
        return this;
    }

    TestEvents email(String value) {
        return trait("email", value);
    }

    TestEvents phone(String value) {
        return trait("phone", value);
    }

    TestEvents contextTrait(String key, Object value) {
        contextTraits.put(key, value);
        return this;
    }

    TestEvents deviceId(String value) {
        device.put("id", value);
        return this;
    }

    /** A device push token the way the mobile SDKs send it. */
    TestEvents pushToken(Object token, Object type) {
        device.put("token", token);
        device.put("type", type);
        return this;
    }

    TestEvents property(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    TouchpointEvent build() {
        Map<String, Object> context = new LinkedHashMap<>();
        if (!contextTraits.isEmpty()) {
            context.put("traits", contextTraits);
        }
        if (!device.isEmpty()) {
            context.put("device", device);
        }
        return builder
                .properties(properties.isEmpty() ? null : properties)
                .traits(traits.isEmpty() ? null : traits)
                .context(context.isEmpty() ? null : context)
                .timestamp(at)
                .receivedAt(receivedAt == null ? at.plusSeconds(1) : receivedAt)
                .build();
    }
}
