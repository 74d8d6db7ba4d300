package io.omnijourney.contract.identity;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Converts phone numbers into E.164, the one way every service does it ({@code +} country code and subscriber number, 7 to 15
 * digits). Only formatting is removed; a national number without {@code +} or {@code 00} is rejected rather than
 * guessed into a country.
 */
public final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

    private PhoneNumbers() {
    }

    /** The E.164 form of {@code raw}, or empty when it is not an international number. */
    public static Optional<String> toE164(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        StringBuilder kept = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!isFormatting(c)) {
                kept.append(c);
            }
        }
        String candidate = kept.toString();
        if (candidate.startsWith("00")) {
            candidate = "+" + candidate.substring(2);
        }
        return E164.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }

    private static boolean isFormatting(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c == '-' || c == '.' || c == '(' || c == ')'
                || (c >= '\u2010' && c <= '\u2015') || c == '\u2212';
    }
}
