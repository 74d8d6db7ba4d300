package io.omnijourney.contract.touchpoint;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()} without the formatter machinery: the same text (ISO-8601, UTC, fraction in groups of three
 * digits, omitted when zero), written digit by digit into a char array. Every ingested event carries four instants,
 * and formatting them was a tenth of the ingest service's CPU.
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

    /** Writes {@code value} zero-padded to {@code width} digits at {@code at}; returns the index after it. */
    private static int digits(char[] buf, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
