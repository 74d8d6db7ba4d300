package io.omnijourney.contract.touchpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a touchpoint happened. Fixed by the source's configuration, never taken from the request body. */
public enum Channel {
    WEB, MOBILE, EMAIL, SMS, WHATSAPP, PUSH, STORE, CALL_CENTER, SOCIAL, WEBHOOK, SYSTEM;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Channel fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown channel '" + value + "'"));
    }

    public static Optional<Channel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(c -> c.wireName().equals(value)).findFirst();
    }
}
