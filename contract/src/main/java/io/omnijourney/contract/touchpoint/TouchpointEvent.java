package io.omnijourney.contract.touchpoint;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.omnijourney.contract.identity.EmailAddresses;
import io.omnijourney.contract.identity.PhoneNumbers;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The canonical touchpoint: a Segment Spec call (track, identify, page, screen, alias, group) extended with the
 * channel and source it came from and with server-side timestamps.
 *
 * <p>{@code timestamp} is the moment the event happened, corrected for the client's clock skew:
 * {@code receivedAt - (sentAt - originalTimestamp)}. {@code originalTimestamp} is what the client said.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TouchpointEvent(
        String messageId,
        EventType type,
        String event,
        String name,
        String category,
        String userId,
        String anonymousId,
        String previousId,
        String groupId,
        Map<String, Object> properties,
        Map<String, Object> traits,
        Map<String, Object> context,
        Map<String, Object> integrations,
        Channel channel,
        String sourceId,
        Instant timestamp,
        Instant originalTimestamp,
        Instant sentAt,
        Instant receivedAt) {

    public static final String EMAIL_KEY_PREFIX = "email:";
    public static final String PHONE_KEY_PREFIX = "phone:";

    public TouchpointEvent {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        properties = frozen(properties);
        traits = frozen(traits);
        context = frozen(context);
        integrations = frozen(integrations);
    }

    /**
     * The Kafka key: the strongest identifier the event carries, so that one person's events stay in order on one
     * partition as far as the event alone can tell. userId, else anonymousId, else a normalized email or phone from
     * the traits (provider webhooks know only those).
     */
    @JsonIgnore
    public String identityKey() {
        if (userId != null && !userId.isEmpty()) {
            return userId;
        }
        if (anonymousId != null && !anonymousId.isEmpty()) {
            return anonymousId;
        }
        return traitText("email").flatMap(EmailAddresses::normalize).map(e -> EMAIL_KEY_PREFIX + e)
                .or(() -> traitText("phone").flatMap(PhoneNumbers::toE164).map(p -> PHONE_KEY_PREFIX + p))
                .orElse(messageId);
    }

    /** A trait from {@code traits}, else from {@code context.traits} (where Segment puts them on non-identify calls). */
    public Optional<String> traitText(String key) {
        Object direct = traits == null ? null : traits.get(key);
        if (direct instanceof String s && !s.isBlank()) {
            return Optional.of(s);
        }
        if (context != null && context.get("traits") instanceof Map<?, ?> contextTraits
                && contextTraits.get(key) instanceof String s && !s.isBlank()) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    private static final Class<?> UNMODIFIABLE_MAP = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    /** Shallow immutability; a map that is already an unmodifiable view is not copied again (the hot ingest path). */
    private static Map<String, Object> frozen(Map<String, Object> map) {
        if (map == null || map.getClass() == UNMODIFIABLE_MAP) {
            return map;
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
