package io.omnijourney.profile.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Something a rule or a limit kept out of a profile.
 *
 * @param type the identifier type, {@code trait}, {@code consent}, a score name ({@code nps}) or an amount field
 * @param value the refused value or, for traits, the trait key; cut to {@link #MAX_VALUE_LENGTH} so that recording a
 *     refusal of an oversized value does not store it after all
 * @param at the time of the event that carried it: deterministic on replay, unlike the processing clock
 */
public record Refusal(String type, String value, RefusalReason reason, String messageId, Instant at) {

    public static final int MAX_VALUE_LENGTH = 256;

    static final Comparator<Refusal> ORDER = Comparator.comparing(Refusal::at)
            .thenComparing(Refusal::messageId)
            .thenComparing(Refusal::reason)
            .thenComparing(Refusal::type)
            .thenComparing(Refusal::value);

    public Refusal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(at, "at");
        value = bounded(value);
    }

    static Refusal of(String type, Object value, RefusalReason reason, EventStamp source) {
        return new Refusal(type, value == null ? "" : String.valueOf(value), reason, source.messageId(), source.at());
    }

    private static String bounded(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH);
    }
}
