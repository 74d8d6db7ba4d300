package io.omnijourney.profile.adapter.mongo;

import io.omnijourney.kit.security.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an identifier is kept on the suppression list: HMAC-SHA256 of its key ({@code email:ana@example.com}) under a
 * configured secret. A bare hash of an email can be reversed by hashing guessed addresses; a keyed one cannot without
 * the secret. Entries written by earlier versions are bare SHA-256: {@link #lookups} also yields that form while
 * legacy matching is on.
 */
public final class SuppressionHashes {

    /** Shorter secrets are refused: the key must not be guessable either. */
    public static final int MIN_SECRET_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final boolean matchLegacy;
    /** One initialised Mac per thread: looking the algorithm up and keying it cost more than the hash itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public SuppressionHashes(String secret, boolean matchLegacy) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("omnijourney.profile.suppression.secret: must have at least "
                    + MIN_SECRET_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.matchLegacy = matchLegacy;
    }

    /** The entry id an identifier is suppressed under. */
    public String keyed(String identifierKey) {
        // doFinal leaves the Mac reset, keyed, for the next call on this thread.
        return "h1:" + HexFormat.of().formatHex(macs.get().doFinal(identifierKey.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Every entry id that suppresses the identifier: the keyed one, and the legacy bare hash if matched. */
    public List<String> lookups(String identifierKey) {
        return matchLegacy ? List.of(keyed(identifierKey), ApiKeys.sha256Hex(identifierKey))
                : List.of(keyed(identifierKey));
    }
}
