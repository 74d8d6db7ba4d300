package io.omnijourney.ingest.domain.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}) for form-encoded webhooks: Base64 of HMAC-SHA1 keyed with
 * the account's auth token over the full URL Twilio requested (scheme, host, path and query string, exactly as
 * configured in the console) followed by every POST parameter name and value, names in sorted order.
 */
public final class TwilioSignature {

    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private static final String HMAC = "HmacSHA1";

    private TwilioSignature() {
    }

    /** The signature Twilio would send for this request. */
    public static String compute(String authToken, String url, Map<String, String> params) {
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(url, "url");
        try {
            return Base64.getEncoder().encodeToString(hmac(authToken, url, params));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot compute a Twilio signature with this auth token", e);
        }
    }

    /** Constant-time check of the {@code X-Twilio-Signature} header; false for any missing or malformed input. */
    public static boolean verify(String authToken, String url, Map<String, String> params, String signatureHeader) {
        if (authToken == null || authToken.isEmpty() || url == null || params == null || signatureHeader == null) {
            return false;
        }
        try {
            byte[] given = Base64.getDecoder().decode(signatureHeader.strip());
            byte[] expected = hmac(authToken, url, params);
            return MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] hmac(String authToken, String url, Map<String, String> params)
            throws GeneralSecurityException {
        StringBuilder data = new StringBuilder(url);
        if (params != null) {
            new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value == null ? "" : value));
        }
        Mac mac = Mac.getInstance(HMAC);
        mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC));
        return mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
    }
}
