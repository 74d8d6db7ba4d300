package io.omnijourney.ingest.domain.tracking;

import io.omnijourney.contract.touchpoint.IsoInstants;
import io.omnijourney.contract.touchpoint.TouchpointTimes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private Timestamps() {
    }

    /** Parses an ISO-8601 date-time that carries an offset; empty when the text is not one. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        Instant common = parseCommonForm(text);
        if (common != null) {
            return Optional.of(common);
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.trim(), LENIENT_OFFSET).toInstant());
        } catch (DateTimeParseException e) {
            return beyondRange(text.trim());
        }
    }

    /** A date-time of the right shape whose year is past what {@link Instant} holds (more than 9 digits). */
    private static final Pattern EXPANDED_YEAR =
            Pattern.compile("([+-])\\d{10,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?"
                    + "(Z|[+-]\\d{2}(:?\\d{2})?)");

    /**
     * Saturates a well-formed ISO-8601 date-time with an expanded year too large for {@link Instant} to
     * {@link Instant#MAX} (or {@link Instant#MIN} for a negative year): it is a time, just an absurd one, and the
     * window of {@link ClientTimeWindow} deals with it like any other time outside it.
     */
    private static Optional<Instant> beyondRange(String text) {
        Matcher m = EXPANDED_YEAR.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1).equals("+") ? Instant.MAX : Instant.MIN);
    }

    /**
     * What nearly every SDK sends, {@code yyyy-MM-ddTHH:mm:ss[.f…](Z|±HH:MM)}, parsed by hand: the formatter costs more
     * than the rest of an event's validation. Anything else (or anything out of range) returns null and goes to the
     * general parser, which has the last word.
     */
    static Instant parseCommonForm(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = IsoInstants.decimal(s, 0, 4);
        int month = IsoInstants.decimal(s, 5, 7);
        int day = IsoInstants.decimal(s, 8, 10);
        int hour = IsoInstants.decimal(s, 11, 13);
        int minute = IsoInstants.decimal(s, 14, 16);
        int second = IsoInstants.decimal(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || hour > 23
                || minute > 59 || second > 59 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && Character.isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return null;
            }
            for (int scale = i - start; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = IsoInstants.decimal(s, i + 1, i + 3);
            int om = IsoInstants.decimal(s, i + 4, i + 6);
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    }

    /**
     * When the event happened by the server's clock: the client's timestamp shifted by the difference between the
     * client's and the server's clocks, measured as {@code sentAt} against {@code receivedAt}. Without {@code sentAt}
     * the client's timestamp is taken as is; without a timestamp the event happened when it was received. Saturates at
     * {@link Instant#MIN} and {@link Instant#MAX} rather than overflow: any input gives an answer, never an exception.
     */
    public static Instant corrected(Instant originalTimestamp, Instant sentAt, Instant receivedAt) {
        if (originalTimestamp == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return originalTimestamp;
        }
        return TouchpointTimes.minusSaturating(receivedAt, Duration.between(originalTimestamp, sentAt));
    }
}
