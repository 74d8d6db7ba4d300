package io.omnijourney.contract.touchpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The Segment Spec call types. */
public enum EventType {
    TRACK, IDENTIFY, PAGE, SCREEN, ALIAS, GROUP;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventType fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown type '" + value + "'"));
    }

    public static Optional<EventType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst();
    }
}
