package io.omnijourney.ingest.domain.source;

import java.security.SecureRandom;
import java.util.Base64;

/** Write keys: 32 random bytes, URL-safe, with a recognizable prefix so leaked keys are easy to scan for. */
public final class WriteKeys {

    public static final String PREFIX = "wk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WriteKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The first characters of a key, safe to show in listings so an admin can tell keys apart. */
    public static String displayPrefix(String writeKey) {
        return writeKey.substring(0, Math.min(writeKey.length(), PREFIX.length() + 6));
    }

    public static String newSourceId() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return "src_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
