package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.Channel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The channels a person can subscribe to or unsubscribe from. */
public enum ConsentChannel {
    EMAIL, SMS, WHATSAPP, PUSH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConsentChannel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wire = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.wireName().equals(wire)).findFirst();
    }

    /** The consent channel an event arrived on, when it arrived on one (an unsubscribe link in an email). */
    public static Optional<ConsentChannel> of(Channel channel) {
        return switch (channel) {
            case EMAIL -> Optional.of(EMAIL);
            case SMS -> Optional.of(SMS);
            case WHATSAPP -> Optional.of(WHATSAPP);
            case PUSH -> Optional.of(PUSH);
            default -> Optional.empty();
        };
    }
}
