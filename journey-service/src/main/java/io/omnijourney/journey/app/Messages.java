package io.omnijourney.journey.app;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.journey.domain.Effect;
import io.omnijourney.journey.domain.JourneyInstance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns effects into the records they publish, with the profile as known when the step runs. A notification request
 * names the profile and the version of its snapshot, never its identifiers or traits (data minimization: the topic
 * and its dead letters keep records for days).
 */
public final class Messages {

    public static final String SOURCE_ID = "journey-service";

    private Messages() {
    }

    public static Optional<OutboxMessage> of(Effect effect, JourneyInstance instance, ProfileSnapshot profile,
            Instant now) {
        if (effect instanceof Effect.SendRequested send) {
            return Optional.of(notification(send, instance, profile, now));
        }
        return traitUpdate((Effect.TraitUpdated) effect, profile, now);
    }

    static OutboxMessage notification(Effect.SendRequested send, JourneyInstance instance, ProfileSnapshot profile,
            Instant now) {
        Map<String, String> consent = new LinkedHashMap<>();
        profile.consent().forEach((channel, c) -> consent.put(channel, c.status()));
        // Ids, not copies: notification-service addresses and renders from its own copy of the profile once that copy
        // has the version this step was decided on.
        NotificationRequest.Recipient recipient = NotificationRequest.Recipient.of(consent,
                text(profile.traits().get("locale")), text(profile.traits().get("timezone")));
        Map<String, Object> variables = new LinkedHashMap<>(instance.variables);
        variables.putAll(send.variables());
        NotificationRequest request = new NotificationRequest(send.requestId(), instance.profileId, profile.version(),
                instance.journeyId, instance.version, send.stepId(), send.channels(), send.templateId(), send.category(), variables,
                new NotificationRequest.Trigger(instance.trigger.messageId(), instance.trigger.event(),
                        instance.trigger.properties()), recipient, now);
        return new OutboxMessage(send.requestId(), Topics.NOTIFICATION_REQUESTS, instance.profileId,
                new String(ContractJson.encode(request), StandardCharsets.UTF_8),
                CloudEventHeaders.forNotificationRequest(request));
    }

    /**
     * An identify touchpoint on channel {@code system} that profile-service applies like any other. It names the
     * profile by its userId, else its anonymousId, else its email: without one of those it cannot be addressed.
     */
    static Optional<OutboxMessage> traitUpdate(Effect.TraitUpdated update, ProfileSnapshot profile, Instant now) {
        String userId = first(profile.identifiers().get("userId"));
        String anonymousId = first(profile.identifiers().get("anonymousId"));
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put(update.trait(), update.value());
        if (userId == null && anonymousId == null) {
            String email = first(profile.identifiers().get("email"));
            if (email == null) {
                return Optional.empty();
            }
            traits.put("email", email);
        }
        TouchpointEvent event = TouchpointEventBuilder.of(EventType.IDENTIFY).messageId(update.messageId())
                .userId(userId).anonymousId(anonymousId).traits(traits).channel(Channel.SYSTEM).sourceId(SOURCE_ID)
                .timestamp(now).originalTimestamp(now).sentAt(now).receivedAt(now).build();
        return Optional.of(new OutboxMessage(update.messageId(), Topics.TOUCHPOINTS, event.identityKey(),
                new String(TouchpointCodec.encode(event), StandardCharsets.UTF_8),
                CloudEventHeaders.forTouchpoint(event)));
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }
}
