package io.omnijourney.notification.app;

import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.notification.domain.DeliveryState;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.SurveyLinks;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The touchpoints this service sends back so that the profile timeline shows what the customer received. Their
 * messageIds derive from the requestId and the outcome, so a redelivered request publishes the same event again and
 * profile-service records it once.
 */
public final class OutcomeEvents {

    public static final String SOURCE_ID = "notification-service";
    /** Ours: the contract names sent and failed; a suppression is an outcome the timeline should show too. */
    public static final String NOTIFICATION_SUPPRESSED = "Notification Suppressed";

    private OutcomeEvents() {
    }

    /** As below, for a message that asks no survey question. */
    public static TouchpointEvent outcome(NotificationRequest request, LedgerEntry entry,
            Map<String, String> identity) {
        return outcome(request, entry, identity, null);
    }

    /**
     * {@code identity}: whom the event names ({@link RecipientData#identity()}); empty for an erased profile.
     * {@code survey}: the survey the message asks (its template's), named by a sent message's {@code survey} property
     * so that profile-service counts it towards the response rate; null: none.
     */
    public static TouchpointEvent outcome(NotificationRequest request, LedgerEntry entry,
            Map<String, String> identity, SurveyLinks.Kind survey) {
        String name = switch (entry.state()) {
            case SENT -> EventNames.NOTIFICATION_SENT;
            case FAILED -> EventNames.NOTIFICATION_FAILED;
            case SUPPRESSED -> NOTIFICATION_SUPPRESSED;
            case QUEUED -> throw new IllegalArgumentException("a queued request has no outcome yet");
        };
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("requestId", request.requestId());
        properties.put("profileId", request.profileId());
        putIfPresent(properties, "journeyId", request.journeyId());
        putIfPresent(properties, "journeyVersion", request.journeyVersion() == null ? null
                : request.journeyVersion().longValue());
        putIfPresent(properties, "stepId", request.stepId());
        properties.put("templateId", request.templateId());
        properties.put("category", request.category().wireName());
        properties.put("state", entry.state().wireName());
        putIfPresent(properties, "messageChannel", entry.channel());
        putIfPresent(properties, "provider", entry.provider());
        putIfPresent(properties, "providerMessageId", entry.providerMessageId());
        properties.put("attempts", (long) entry.attempts());
        putIfPresent(properties, "reason", entry.reason());
        if (survey != null && entry.state() == DeliveryState.SENT) {
            properties.put("survey", survey.wireName());
        }
        Instant at = entry.updatedAt();
        TouchpointEventBuilder builder = TouchpointEventBuilder.of(EventType.TRACK)
                .messageId("notification:" + request.requestId() + ":" + entry.state().wireName())
                .event(name).properties(properties).channel(touchpointChannel(request, entry))
                .sourceId(SOURCE_ID).timestamp(at).receivedAt(at);
        return withIdentity(builder, identity).build();
    }

    /** An engagement (click, unsubscribe) by the recipient of a message. */
    public static TouchpointEvent engagement(String messageId, String event, Channel channel,
            Map<String, Object> properties, Map<String, String> identity, Instant at) {
        TouchpointEventBuilder builder = TouchpointEventBuilder.of(EventType.TRACK).messageId(messageId).event(event)
                .properties(properties).channel(channel).sourceId(SOURCE_ID).timestamp(at).receivedAt(at);
        return withIdentity(builder, identity).build();
    }

    private static TouchpointEventBuilder withIdentity(TouchpointEventBuilder builder, Map<String, String> identity) {
        String userId = identity.get("userId");
        String anonymousId = identity.get("anonymousId");
        builder.userId(userId).anonymousId(anonymousId);
        if (userId == null && anonymousId == null) {
            Map<String, Object> traits = new LinkedHashMap<>();
            if (identity.get("email") != null) {
                traits.put("email", identity.get("email"));
            }
            if (identity.get("phone") != null) {
                traits.put("phone", identity.get("phone"));
            }
            builder.context(Map.of("traits", traits));
        }
        return builder;
    }

    private static Channel touchpointChannel(NotificationRequest request, LedgerEntry entry) {
        if (entry.channel() == null) {
            return request.channels().get(0);
        }
        MessageChannel chosen = MessageChannel.parse(entry.channel()).orElseThrow();
        return request.channels().stream().filter(c -> MessageChannel.of(c).orElse(null) == chosen).findFirst()
                .orElse(chosen == MessageChannel.INBOX ? Channel.MOBILE : Channel.fromWire(chosen.wireName()));
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static boolean isFinal(DeliveryState state) {
        return state.isFinal();
    }
}
