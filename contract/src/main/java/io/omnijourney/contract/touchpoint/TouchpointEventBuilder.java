package io.omnijourney.contract.touchpoint;

import java.time.Instant;
import java.util.Map;

/** Builds a {@link TouchpointEvent}; the record has too many components to build positionally with confidence. */
public final class TouchpointEventBuilder {

    private String messageId;
    private EventType type;
    private String event;
    private String name;
    private String category;
    private String userId;
    private String anonymousId;
    private String previousId;
    private String groupId;
    private Map<String, Object> properties;
    private Map<String, Object> traits;
    private Map<String, Object> context;
    private Map<String, Object> integrations;
    private Channel channel;
    private String sourceId;
    private Instant timestamp;
    private Instant originalTimestamp;
    private Instant sentAt;
    private Instant receivedAt;

    public static TouchpointEventBuilder of(EventType type) {
        TouchpointEventBuilder builder = new TouchpointEventBuilder();
        builder.type = type;
        return builder;
    }

    public static TouchpointEventBuilder from(TouchpointEvent e) {
        return of(e.type()).messageId(e.messageId()).event(e.event()).name(e.name()).category(e.category())
                .userId(e.userId()).anonymousId(e.anonymousId()).previousId(e.previousId()).groupId(e.groupId())
                .properties(e.properties()).traits(e.traits()).context(e.context()).integrations(e.integrations())
                .channel(e.channel()).sourceId(e.sourceId()).timestamp(e.timestamp())
                .originalTimestamp(e.originalTimestamp()).sentAt(e.sentAt()).receivedAt(e.receivedAt());
    }

    public TouchpointEventBuilder messageId(String value) {
        messageId = value;
        return this;
    }

    public TouchpointEventBuilder event(String value) {
        event = value;
        return this;
    }

    public TouchpointEventBuilder name(String value) {
        name = value;
        return this;
    }

    public TouchpointEventBuilder category(String value) {
        category = value;
        return this;
    }

    public TouchpointEventBuilder userId(String value) {
        userId = value;
        return this;
    }

    public TouchpointEventBuilder anonymousId(String value) {
        anonymousId = value;
        return this;
    }

    public TouchpointEventBuilder previousId(String value) {
        previousId = value;
        return this;
    }

    public TouchpointEventBuilder groupId(String value) {
        groupId = value;
        return this;
    }

    public TouchpointEventBuilder properties(Map<String, Object> value) {
        properties = value;
        return this;
    }

    public TouchpointEventBuilder traits(Map<String, Object> value) {
        traits = value;
        return this;
    }

    public TouchpointEventBuilder context(Map<String, Object> value) {
        context = value;
        return this;
    }

    public TouchpointEventBuilder integrations(Map<String, Object> value) {
        integrations = value;
        return this;
    }

    public TouchpointEventBuilder channel(Channel value) {
        channel = value;
        return this;
    }

    public TouchpointEventBuilder sourceId(String value) {
        sourceId = value;
        return this;
    }

    public TouchpointEventBuilder timestamp(Instant value) {
        timestamp = value;
        return this;
    }

    public TouchpointEventBuilder originalTimestamp(Instant value) {
        originalTimestamp = value;
        return this;
    }

    public TouchpointEventBuilder sentAt(Instant value) {
        sentAt = value;
        return this;
    }

    public TouchpointEventBuilder receivedAt(Instant value) {
        receivedAt = value;
        return this;
    }

    public TouchpointEvent build() {
        return new TouchpointEvent(messageId, type, event, name, category, userId, anonymousId, previousId, groupId,
                properties, traits, context, integrations, channel, sourceId, timestamp, originalTimestamp, sentAt,
                receivedAt);
    }
}
