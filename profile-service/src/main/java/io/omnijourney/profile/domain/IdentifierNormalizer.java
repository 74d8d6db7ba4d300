package io.omnijourney.profile.domain;

import io.omnijourney.contract.identity.EmailAddresses;
import io.omnijourney.contract.identity.PhoneNumbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/** Turns raw identifier values into the single spelling the identity index is keyed by. */
public final class IdentifierNormalizer {

    /** Index keys stay short; longer values are junk or abuse, not identifiers. */
    public static final int MAX_LENGTH = 256;


    private IdentifierNormalizer() {
    }

    /** The contract's normalization, so that every service keys a person's email the same way. */
    public static Optional<String> email(String raw) {
        return EmailAddresses.normalize(raw);
    }

    /**
     * E.164 only. A national number without a country code is refused rather than guessed: the wrong country would
     * link two strangers.
     */
    public static Optional<String> phone(String raw) {
        return PhoneNumbers.toE164(raw);
    }

    /** userId, anonymousId, device ids and custom identifiers are opaque: trimmed, otherwise kept as sent. */
    public static Optional<String> opaque(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String trimmed = raw.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH || trimmed.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return Optional.of(trimmed);
    }

    /** Numeric ids (loyalty card numbers) arrive as JSON numbers; lists, maps and booleans are not identifiers. */
    static Optional<String> text(Object raw) {
        if (raw instanceof String s) {
            return Optional.of(s);
        }
        if (raw instanceof Long || raw instanceof Integer || raw instanceof BigInteger) {
            return Optional.of(raw.toString());
        }
        if (raw instanceof BigDecimal d) {
            return Optional.of(d.toPlainString());
        }
        return Optional.empty();
    }
}
