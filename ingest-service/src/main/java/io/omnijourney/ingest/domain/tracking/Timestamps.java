package io.omnijourney.ingest.domain.tracking;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/** ISO-8601 parsing as real SDKs send it, and the clock-skew correction of the Segment Spec. */
public final class Timestamps {

    /** Date-time with fraction of any precision and an offset written as Z, +01:00, +0100 or +01. */
    private static final DateTimeFormatter LENIENT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .toFormatter();

    private Timestamps() {
    }

    /** Parses an ISO-8601 date-time that carries an offset; empty when the text is not one. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.trim(), LENIENT_OFFSET).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * When the event happened by the server's clock: the client's timestamp shifted by the difference between the
     * client's and the server's clocks, measured as {@code sentAt} against {@code receivedAt}. Without {@code sentAt}
     * the client's timestamp is taken as is; without a timestamp the event happened when it was received.
     */
    public static Instant corrected(Instant originalTimestamp, Instant sentAt, Instant receivedAt) {
        if (originalTimestamp == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return originalTimestamp;
        }
        return receivedAt.minus(Duration.between(originalTimestamp, sentAt));
    }
}
