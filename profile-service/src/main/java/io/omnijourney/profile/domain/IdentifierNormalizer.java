package io.omnijourney.profile.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.omnijourney.contract.identity.EmailAddresses;
import io.omnijourney.contract.identity.PhoneNumbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

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

    /** Longer than any phone number written out with formatting: not parsed at all. */
    static final int MAX_NATIONAL_INPUT = 40;
    private static final Pattern NATIONAL = Pattern.compile("[0-9(][0-9 .()\\-\u00a0\u2010-\u2015]*");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /**
     * An international number as {@link #phone(String)} reads it; with a default region (a store's or call center's
     * country, {@code identity.phone-default-region}), also a national number of that region written with digits and
     * formatting only (no letters, no {@code +}), accepted only when libphonenumber finds it a valid number there.
     */
    public static Optional<String> phone(String raw, String defaultRegion) {
        Optional<String> international = PhoneNumbers.toE164(raw);
        if (international.isPresent() || defaultRegion == null || raw == null) {
            return international;
        }
        String national = raw.strip();
        if (national.length() > MAX_NATIONAL_INPUT || national.startsWith("00")
                || !NATIONAL.matcher(national).matches()) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(national, defaultRegion);
            if (!PHONES.isValidNumberForRegion(number, defaultRegion)) {
                return Optional.empty();
            }
            return PhoneNumbers.toE164(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Whether libphonenumber knows the region (ISO 3166-1 alpha-2, upper case). */
    public static boolean isPhoneRegion(String region) {
        return region != null && PHONES.getSupportedRegions().contains(region);
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
