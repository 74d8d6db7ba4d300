package io.omnijourney.notification.domain;

import io.omnijourney.contract.touchpoint.Channel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The ways this service delivers a message. A request names contract {@link Channel}s; {@code mobile} and {@code web}
 * mean the in-app inbox (the message is shown inside the app or the signed-in website).
 */
public enum MessageChannel {
    EMAIL, SMS, WHATSAPP, PUSH, WEBHOOK, INBOX;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MessageChannel> parse(String value) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(value)).findFirst();
    }

    public static Optional<MessageChannel> of(Channel channel) {
        return switch (channel) {
            case EMAIL -> Optional.of(EMAIL);
            case SMS -> Optional.of(SMS);
            case WHATSAPP -> Optional.of(WHATSAPP);
            case PUSH -> Optional.of(PUSH);
            case WEBHOOK -> Optional.of(WEBHOOK);
            case MOBILE, WEB -> Optional.of(INBOX);
            default -> Optional.empty();
        };
    }
}
