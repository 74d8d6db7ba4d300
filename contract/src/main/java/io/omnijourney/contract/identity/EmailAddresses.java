package io.omnijourney.contract.identity;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalizes email addresses, the one way every service does it, so that the same person yields the same identity key.
 *
 * <p>Deliberately lenient about what a mailbox may be (no RFC 5322 parsing, single-label domains such as
 * {@code user@localhost} are allowed) and strict only about what can never be an address: no {@code @}, more than
 * one {@code @}, whitespace or control characters, empty or dot-damaged domain labels, more than 254 characters.
 */
public final class EmailAddresses {

    /** RFC 5321 limit on the length of a forward path, which is the useful limit for an address. */
    public static final int MAX_LENGTH = 254;

    private static final Pattern SHAPE = Pattern.compile("[^@]+@[^@.]+(?:\\.[^@.]+)*");

    private EmailAddresses() {
    }

    /** Trimmed and lower-cased address, or empty when the value cannot be an email address. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String candidate = raw.strip().toLowerCase(Locale.ROOT);
        if (candidate.isEmpty() || candidate.length() > MAX_LENGTH || hasSpaceOrControl(candidate)) {
            return Optional.empty();
        }
        return SHAPE.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }

    private static boolean hasSpaceOrControl(String value) {
        return value.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT);
    }
}
