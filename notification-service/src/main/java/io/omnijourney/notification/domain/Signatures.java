package io.omnijourney.notification.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256: the webhook signature a receiver verifies, and the signed tokens of tracked links. */
public final class Signatures {

    /** {@code X-OmniJourney-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">}. */
    public static final String SIGNATURE_HEADER = "X-OmniJourney-Signature";
    /** Unix seconds; part of the signed text, so a receiver can refuse old replays. */
    public static final String TIMESTAMP_HEADER = "X-OmniJourney-Timestamp";

    private Signatures() {
    }

    public static String webhookSignature(String secret, long timestampSeconds, byte[] body) {
        Mac mac = mac(secret);
        mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
        return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** {@code <base64url payload>.<base64url HMAC>}: the payload is readable, but only this service can mint one. */
    public static String token(String secret, String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] raw = payload.getBytes(StandardCharsets.UTF_8);
        return b64.encodeToString(raw) + "." + b64.encodeToString(mac(secret).doFinal(raw));
    }

    /** The payload of a token this service minted, or empty for anything forged, altered or malformed. */
    public static Optional<String> verifyToken(String secret, String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] payload = b64.decode(token.substring(0, dot));
            byte[] given = b64.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(secret).doFinal(payload), given)) {
                return Optional.empty();
            }
            return Optional.of(new String(payload, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Mac mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is a mandatory JDK algorithm", e);
        }
    }
}
