package io.omnijourney.ingest.domain.provider;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Verification of SendGrid's Signed Event Webhook.
 *
 * <p>SendGrid signs the bytes of the timestamp header (as sent, UTF-8) followed by the raw request body with ECDSA
 * over P-256 and SHA-256, and sends the base64 of the DER-encoded signature. The verification key an admin copies from
 * the SendGrid settings is the base64 of the DER X.509 SubjectPublicKeyInfo (no PEM armour, though armour is
 * tolerated here). The body must be verified exactly as received: re-serialized JSON does not verify.
 */
public final class SendGridSignature {

    public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

    private static final String ALGORITHM = "SHA256withECDSA";
    private static final ECParameterSpec P256 = p256();

    private SendGridSignature() {
    }

    /**
     * Parses a SendGrid verification key.
     *
     * @throws IllegalArgumentException saying what is wrong with the key when it is not a base64 DER P-256 public key
     */
    public static PublicKey parsePublicKey(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("SendGrid verification key is empty");
        }
        String body = base64.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s+", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SendGrid verification key is not valid base64", e);
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "SendGrid verification key is not a DER-encoded X.509 (SubjectPublicKeyInfo) EC public key", e);
        }
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new IllegalArgumentException("SendGrid verification key is not on the P-256 (secp256r1) curve");
        }
        return key;
    }

    /**
     * Whether {@code signatureBase64} is SendGrid's signature of {@code timestamp + payload} under the key.
     * False, never an exception, for any missing or malformed input.
     */
    public static boolean verify(String publicKeyBase64, String signatureBase64, String timestamp, byte[] payload) {
        PublicKey key;
        try {
            key = parsePublicKey(publicKeyBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return verify(key, signatureBase64, timestamp, payload);
    }

    /** As {@link #verify(String, String, String, byte[])} with a key parsed once by {@link #parsePublicKey}. */
    public static boolean verify(PublicKey publicKey, String signatureBase64, String timestamp, byte[] payload) {
        if (publicKey == null || signatureBase64 == null || timestamp == null || timestamp.isEmpty()
                || payload == null) {
            return false;
        }
        try {
            byte[] signature = Base64.getDecoder().decode(signatureBase64.strip());
            if (signature.length == 0) {
                return false;
            }
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
            verifier.update(payload);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isP256(ECParameterSpec params) {
        return params != null
                && params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator())
                && params.getOrder().equals(P256.getOrder())
                && params.getCofactor() == P256.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM does not support the P-256 curve", e);
        }
    }
}
