package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads consent changes from events and applies them last-write-wins per channel, ordered by {@link EventStamp#of}: a
 * client's signal never after its receipt, an operator's at its receipt and ahead of a client's at the same instant.
 */
final class ConsentSignals {

    static final String REFUSAL_TYPE = "consent";

    private static final Map<String, ConsentChannel> OPT_IN_TRAITS = Map.of(
            "emailOptIn", ConsentChannel.EMAIL,
            "smsOptIn", ConsentChannel.SMS,
            "whatsappOptIn", ConsentChannel.WHATSAPP,
            "pushOptIn", ConsentChannel.PUSH);

    private ConsentSignals() {
    }

    /** Opt-in traits are consent, not traits: storing both would let them disagree after an Unsubscribed event. */
    static boolean isConsentTrait(String key) {
        return OPT_IN_TRAITS.containsKey(key);
    }

    static WithRefusals<Map<ConsentChannel, ConsentState>> apply(Map<ConsentChannel, ConsentState> current,
                                                                 TouchpointEvent event) {
        EventStamp source = EventStamp.of(event);
        Map<ConsentChannel, ConsentStatus> changes = new EnumMap<>(ConsentChannel.class);
        List<Refusal> refused = new ArrayList<>();
        if (event.type() == EventType.IDENTIFY) {
            readOptInTraits(event, changes, refused, source);
        } else if (event.type() == EventType.TRACK && event.event() != null) {
            readTrackedChange(event, changes, refused, source);
        }
        if (changes.isEmpty()) {
            return new WithRefusals<>(current, refused);
        }
        Map<ConsentChannel, ConsentState> updated = copy(current);
        SignalSource signal = SignalSource.of(event);
        changes.forEach((channel, status) -> LastWriteWins.put(updated, channel,
                ConsentState.of(status, source, signal, event.timestamp(), event.receivedAt())));
        return new WithRefusals<>(Collections.unmodifiableMap(updated), refused);
    }

    static Map<ConsentChannel, ConsentState> merge(Map<ConsentChannel, ConsentState> left,
                                                   Map<ConsentChannel, ConsentState> right) {
        return Collections.unmodifiableMap(LastWriteWins.merge(left, right, () -> new EnumMap<>(ConsentChannel.class)));
    }

    private static void readOptInTraits(TouchpointEvent event, Map<ConsentChannel, ConsentStatus> changes,
                                        List<Refusal> refused, EventStamp source) {
        if (event.traits() == null) {
            return;
        }
        OPT_IN_TRAITS.forEach((trait, channel) -> {
            if (!event.traits().containsKey(trait)) {
                return;
            }
            if (event.traits().get(trait) instanceof Boolean optIn) {
                changes.put(channel, optIn ? ConsentStatus.SUBSCRIBED : ConsentStatus.UNSUBSCRIBED);
            } else {
                refused.add(Refusal.of(REFUSAL_TYPE, trait + "=" + event.traits().get(trait),
                        RefusalReason.INVALID_CONSENT, source));
            }
        });
    }

    private static void readTrackedChange(TouchpointEvent event, Map<ConsentChannel, ConsentStatus> changes,
                                          List<Refusal> refused, EventStamp source) {
        switch (event.event()) {
            case EventNames.UNSUBSCRIBED -> channelOf(event, refused, source)
                    .ifPresent(c -> changes.put(c, ConsentStatus.UNSUBSCRIBED));
            case EventNames.RESUBSCRIBED -> channelOf(event, refused, source)
                    .ifPresent(c -> changes.put(c, ConsentStatus.SUBSCRIBED));
            case EventNames.EMAIL_BOUNCED -> {
                // Soft bounces (full mailbox) are transient and say nothing about the address.
                if ("hard".equalsIgnoreCase(String.valueOf(property(event, "bounceType")))) {
                    changes.put(ConsentChannel.EMAIL, ConsentStatus.BOUNCED);
                }
            }
            case EventNames.EMAIL_MARKED_AS_SPAM -> changes.put(ConsentChannel.EMAIL, ConsentStatus.COMPLAINED);
            default -> {
            }
        }
    }

    private static Optional<ConsentChannel> channelOf(TouchpointEvent event, List<Refusal> refused, EventStamp source) {
        Object named = property(event, "channel");
        Optional<ConsentChannel> channel = named == null
                ? ConsentChannel.of(event.channel())
                : ConsentChannel.parse(String.valueOf(named));
        if (channel.isEmpty()) {
            String asked = named == null ? event.channel().wireName() : String.valueOf(named);
            refused.add(Refusal.of(REFUSAL_TYPE, "channel=" + asked, RefusalReason.INVALID_CONSENT, source));
        }
        return channel;
    }

    private static Object property(TouchpointEvent event, String key) {
        return event.properties() == null ? null : event.properties().get(key);
    }

    private static Map<ConsentChannel, ConsentState> copy(Map<ConsentChannel, ConsentState> current) {
        Map<ConsentChannel, ConsentState> copy = new EnumMap<>(ConsentChannel.class);
        copy.putAll(current);
        return copy;
    }
}
