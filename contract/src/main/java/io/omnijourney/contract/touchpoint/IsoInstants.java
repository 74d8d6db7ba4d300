package io.omnijourney.contract.touchpoint;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} and {@link Instant#parse} without the formatter machinery: the same text (ISO-8601, UTC,
 * fraction in groups of three digits, omitted when zero), written and read digit by digit. Every ingested event
 * carries four instants, and formatting them was a tenth of the ingest service's CPU; every profile read parses a
 * dozen or more (consent history, traits' stamps), and parsing them was a fifth of profile-service's.
 */
public final class IsoInstants {

    private static final long SECONDS_PER_DAY = 86_400;

    private IsoInstants() {
    }

    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return instant.toString();
        }
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        char[] buf = new char[30];
        digits(buf, 0, year, 4);
        buf[4] = '-';
        digits(buf, 5, date.getMonthValue(), 2);
        buf[7] = '-';
        digits(buf, 8, date.getDayOfMonth(), 2);
        buf[10] = 'T';
        digits(buf, 11, secondOfDay / 3600, 2);
        buf[13] = ':';
        digits(buf, 14, secondOfDay / 60 % 60, 2);
        buf[16] = ':';
        digits(buf, 17, secondOfDay % 60, 2);
        int end = 19;
        int nanos = instant.getNano();
        if (nanos != 0) {
            buf[end++] = '.';
            if (nanos % 1_000_000 == 0) {
                end = digits(buf, end, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                end = digits(buf, end, nanos / 1_000, 6);
            } else {
                end = digits(buf, end, nanos, 9);
            }
        }
        buf[end++] = 'Z';
        return new String(buf, 0, end);
    }

    /**
     * The instant {@link #format} or {@link Instant#toString()} wrote ({@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, years
     * 0000 to 9999), read by hand; any other text goes to {@link Instant#parse}, which has the last word (and throws
     * {@link java.time.format.DateTimeParseException} on what is not an instant).
     */
    public static Instant parse(CharSequence text) {
        Instant common = parseCommon(text);
        return common != null ? common : Instant.parse(text);
    }

    /** The instant in the canonical form, or null when the text is in any other form (or no instant at all). */
    static Instant parseCommon(CharSequence s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = decimal(s, 0, 4);
        int month = decimal(s, 5, 7);
        int day = decimal(s, 8, 10);
        int hour = decimal(s, 11, 13);
        int minute = decimal(s, 14, 16);
        int second = decimal(s, 17, 19);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || hour > 23
                || minute > 59 || second > 59 || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = decimal(s, 20, n - 1);
            if (nanos < 0) {
                return null;
            }
            for (int scale = fraction; scale < 9; scale++) {
                nanos *= 10;
            }
        } else if (s.charAt(19) != 'Z') {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
    }

    /**
     * The decimal value of the ASCII digits in {@code [from, to)} (at most 9 of them), or -1 when one is not a digit;
     * shared with the hand-written parsers of the services' other time forms.
     */
    public static int decimal(CharSequence s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Writes {@code value} zero-padded to {@code width} digits at {@code at}; returns the index after it. */
    private static int digits(char[] buf, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
