package io.omnijourney.contract.notification;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Marketing messages need consent on their channel; transactional ones (order shipped) ignore a marketing opt-out but
 * never go to hard-bounced or erased recipients.
 */
public enum MessageCategory {
    MARKETING, TRANSACTIONAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static MessageCategory fromWire(String value) {
        for (MessageCategory c : values()) {
            if (c.wireName().equals(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown category '" + value + "'");
    }
}
