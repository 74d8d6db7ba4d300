package io.omnijourney.contract.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.omnijourney.contract.touchpoint.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A record on {@code notification-requests} (key: profileId): a journey step asks for a message to be sent.
 *
 * @param requestId  deterministic (journey instance and step, e.g. a hash of them): redelivery or a restart emits the
 *                   same id, and the delivery ledger sends once per id
 * @param channels   the channel to use, then the fallbacks in order (push, then SMS, then email)
 * @param variables  journey variables for the template
 * @param trigger    the triggering event's name and properties, for the template
 * @param recipient  what rendering and delivery need of the profile
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationRequest(
        String requestId,
        String profileId,
        String journeyId,
        Integer journeyVersion,
        String stepId,
        List<Channel> channels,
        String templateId,
        MessageCategory category,
        Map<String, Object> variables,
        Trigger trigger,
        Recipient recipient,
        Instant requestedAt) {

    public NotificationRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (channels == null || channels.isEmpty()) {
            throw new IllegalArgumentException("channels: at least one channel is required");
        }
        channels = List.copyOf(channels);
        variables = variables == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    }

    /** The event that started or advanced the journey. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Trigger(String messageId, String event, Map<String, Object> properties) {
    }

    /**
     * @param identifiers by type (email, phone, userId, deviceId, ...)
     * @param traits      profile traits for personalization (firstName, ...)
     * @param consent     status by channel: {@code subscribed}, {@code unsubscribed}, {@code bounced},
     *                    {@code complained}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recipient(Map<String, List<String>> identifiers, Map<String, Object> traits,
            Map<String, String> consent, String locale, String timezone) {
    }
}
