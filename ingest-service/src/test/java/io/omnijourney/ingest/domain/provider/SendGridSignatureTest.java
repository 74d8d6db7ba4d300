package io.omnijourney.ingest.domain.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SendGridSignatureTest {

    private static final String TIMESTAMP = "1700000000";
    private static final byte[] PAYLOAD = (
            "[{\"email\":\"jane@example.com\",\"timestamp\":1700000000,\"event\":\"open\","
                    + "\"sg_event_id\":\"ev-1\",\"sg_message_id\":\"msg-1\"}]\r\n").getBytes(StandardCharsets.UTF_8);

    private static KeyPair sendGrid;
    private static String publicKey;

    @BeforeAll
    static void generateKeys() throws GeneralSecurityException {
        sendGrid = ecKeyPair("secp256r1");
        publicKey = base64(sendGrid.getPublic());
    }

    @Test
    void acceptsTheSignatureOfTimestampFollowedByPayload() throws GeneralSecurityException {
        String signature = sign(sendGrid.getPrivate(), TIMESTAMP, PAYLOAD);

        assertThat(SendGridSignature.verify(publicKey, signature, TIMESTAMP, PAYLOAD)).isTrue();
        assertThat(SendGridSignature.verify(SendGridSignature.parsePublicKey(publicKey), signature, TIMESTAMP,
                PAYLOAD)).isTrue();
    }

    @Test
    void rejectsATamperedPayload() throws GeneralSecurityException {
        String signature = sign(sendGrid.getPrivate(), TIMESTAMP, PAYLOAD);
        byte[] tampered = new String(PAYLOAD, StandardCharsets.UTF_8).replace("open", "click")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(SendGridSignature.verify(publicKey, signature, TIMESTAMP, tampered)).isFalse();
    }

    @Test
    void rejectsAPayloadThatWasReformatted() throws GeneralSecurityException {
        String signature = sign(sendGrid.getPrivate(), TIMESTAMP, PAYLOAD);
        byte[] withoutTrailingNewline = new String(PAYLOAD, StandardCharsets.UTF_8).strip()
                .getBytes(StandardCharsets.UTF_8);

        assertThat(SendGridSignature.verify(publicKey, signature, TIMESTAMP, withoutTrailingNewline)).isFalse();
    }

    @Test
    void rejectsATamperedTimestamp() throws GeneralSecurityException {
        String signature = sign(sendGrid.getPrivate(), TIMESTAMP, PAYLOAD);

        assertThat(SendGridSignature.verify(publicKey, signature, "1700000001", PAYLOAD)).isFalse();
    }

    @Test
    void rejectsASignatureOverThePayloadAlone() throws GeneralSecurityException {
        String payloadOnly = sign(sendGrid.getPrivate(), "", PAYLOAD);

        assertThat(SendGridSignature.verify(publicKey, payloadOnly, TIMESTAMP, PAYLOAD)).isFalse();
    }

    @Test
    void rejectsASignatureMadeWithAnotherKey() throws GeneralSecurityException {
        String signature = sign(ecKeyPair("secp256r1").getPrivate(), TIMESTAMP, PAYLOAD);

        assertThat(SendGridSignature.verify(publicKey, signature, TIMESTAMP, PAYLOAD)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not base64 at all!", "AAAA", "MEUCIQ=="})
    void rejectsGarbageSignatures(String signature) {
        assertThat(SendGridSignature.verify(publicKey, signature, TIMESTAMP, PAYLOAD)).isFalse();
    }

    @Test
    void rejectsGarbageKeysAndMissingInputsWithoutThrowing() throws GeneralSecurityException {
        String signature = sign(sendGrid.getPrivate(), TIMESTAMP, PAYLOAD);

        assertThat(SendGridSignature.verify("%%%", signature, TIMESTAMP, PAYLOAD)).isFalse();
        assertThat(SendGridSignature.verify("AAAA", signature, TIMESTAMP, PAYLOAD)).isFalse();
        assertThat(SendGridSignature.verify((String) null, signature, TIMESTAMP, PAYLOAD)).isFalse();
        assertThat(SendGridSignature.verify((PublicKey) null, signature, TIMESTAMP, PAYLOAD)).isFalse();
        assertThat(SendGridSignature.verify(publicKey, null, TIMESTAMP, PAYLOAD)).isFalse();
        assertThat(SendGridSignature.verify(publicKey, signature, null, PAYLOAD)).isFalse();
        assertThat(SendGridSignature.verify(publicKey, signature, TIMESTAMP, null)).isFalse();
    }

    @Test
    void parsesTheKeyAsShownBySendGridAndInPemArmour() {
        PublicKey parsed = SendGridSignature.parsePublicKey(publicKey);
        assertThat(parsed).isInstanceOf(ECPublicKey.class);
        assertThat(parsed.getEncoded()).isEqualTo(sendGrid.getPublic().getEncoded());

        String pem = "-----BEGIN PUBLIC KEY-----\n" + publicKey.substring(0, 40) + "\n" + publicKey.substring(40)
                + "\n-----END PUBLIC KEY-----\n";
        assertThat(SendGridSignature.parsePublicKey(pem).getEncoded()).isEqualTo(sendGrid.getPublic().getEncoded());
    }

    @Test
    void refusesToRegisterKeysThatCannotVerify() throws GeneralSecurityException {
        assertThatThrownBy(() -> SendGridSignature.parsePublicKey(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> SendGridSignature.parsePublicKey("not*base64"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> SendGridSignature.parsePublicKey("AAAAAAAA"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X.509");

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThatThrownBy(() -> SendGridSignature.parsePublicKey(base64(rsa.generateKeyPair().getPublic())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EC public key");

        assertThatThrownBy(() -> SendGridSignature.parsePublicKey(base64(ecKeyPair("secp384r1").getPublic())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
    }

    private static KeyPair ecKeyPair(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static String sign(PrivateKey key, String timestamp, byte[] payload) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(timestamp.getBytes(StandardCharsets.UTF_8));
        signer.update(payload);
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static String base64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }
}
