package io.omnijourney.profile.domain;

import java.util.Objects;

/** One normalized identifier of a person. {@link #key()} is what the identity index is keyed by. */
public record Identifier(String type, String value) {

    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (type.isBlank() || type.indexOf(':') >= 0) {
            throw new IllegalArgumentException("identifier type must be non-blank and free of ':': '" + type + "'");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("identifier value must not be blank");
        }
    }

    public static Identifier of(String type, String value) {
        return new Identifier(type, value);
    }

    /** Unambiguous because a type never contains {@code ':'}. */
    public String key() {
        return type + ":" + value;
    }

    @Override
    public String toString() {
        return key();
    }
}
