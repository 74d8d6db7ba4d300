package io.omnijourney.contract.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.omnijourney.contract.touchpoint.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A record on {@code notification-requests} (key: profileId): a journey step asks for a message to be sent. It names
 * the person by ids only: no address and no trait travels on the topic (nor, through it, into its dead letters).
 * notification-service addresses and renders from its own copy of the profile, fed by {@code profile-events}, once that
 * copy has caught up with {@code profileVersion}.
 *
 * @param profileVersion the version of the profile snapshot the step was decided on ({@link
 *                   io.omnijourney.contract.profile.ProfileSnapshot#version()}); absent when that snapshot had none
 * @param requestId  deterministic (journey instance and step, e.g. a hash of them): redelivery or a restart emits the
 *                   same id, and the delivery ledger sends once per id
 * @param channels   the channel to use, then the fallbacks in order (push, then SMS, then email)
 * @param variables  journey variables for the template
 * @param trigger    the triggering event's messageId, name and properties: event data, which templates reference
 *                   as {@code event.properties.*} (an order id, the items of a cart); no profile data
 * @param recipient  what delivery needs to know of the decision: consent per channel, locale and time zone
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationRequest(
        String requestId,
        String profileId,
        Long profileVersion,
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

    /** True for a record of an older version, which carried the recipient's identifiers and traits itself. */
    public boolean carriesProfileData() {
        return recipient.identifiers() != null || recipient.traits() != null;
    }

    /**
     * @param identifiers only on records of older versions (read, never written): by type (email, phone, ...)
     * @param traits      only on records of older versions (read, never written): profile traits
     * @param consent     status by channel when the step was decided: {@code subscribed}, {@code unsubscribed},
     *                    {@code bounced}, {@code complained}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recipient(Map<String, List<String>> identifiers, Map<String, Object> traits,
            Map<String, String> consent, String locale, String timezone) {

        /** What a request carries of its recipient now: no identifiers, no traits. */
        public static Recipient of(Map<String, String> consent, String locale, String timezone) {
            return new Recipient(null, null, consent, locale, timezone);
        }
    }
}
