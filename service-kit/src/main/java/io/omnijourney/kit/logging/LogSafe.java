package io.omnijourney.kit.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What may go into a log line from a value a client, a provider or a record supplied: control characters escaped (a
 * CR/LF cannot forge a second log line), e-mail addresses and phone numbers masked (logs are not a store of personal
 * data), and the length bounded. Every log statement that carries such a value, or an exception message that may
 * quote one, passes it through {@link #text(Object)}.
 */
public final class LogSafe {

    static final int MAX_LENGTH = 300;

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})");
    /** International numbers as identifiers carry them (E.164, optionally with separators). */
    private static final Pattern PHONE = Pattern.compile("\\+\\d(?:[\\d ().-]{5,20})(\\d{2})");

    private LogSafe() {
    }

    /** The value as it may be logged: masked, escaped and bounded; "null" for null. */
    public static String text(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        if (s.length() > 4 * MAX_LENGTH) {
            s = s.substring(0, 4 * MAX_LENGTH);
        }
        String masked = mask(s);
        StringBuilder out = new StringBuilder(Math.min(masked.length(), MAX_LENGTH) + 16);
        for (int i = 0; i < masked.length() && out.length() < MAX_LENGTH; i++) {
            char c = masked.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                            || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (out.length() >= MAX_LENGTH && masked.length() > MAX_LENGTH) {
            out.setLength(MAX_LENGTH);
            out.append("...");
        }
        return out.toString();
    }

    private static String mask(String s) {
        if (s.indexOf('@') >= 0) {
            Matcher m = EMAIL.matcher(s);
            s = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + "***@" + r.group(2)));
        }
        if (s.indexOf('+') >= 0) {
            Matcher m = PHONE.matcher(s);
            s = m.replaceAll(r -> Matcher.quoteReplacement("+***" + r.group(1)));
        }
        return s;
    }
}
