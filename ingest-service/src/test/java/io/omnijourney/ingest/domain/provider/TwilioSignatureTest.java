package io.omnijourney.ingest.domain.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://hooks.example.com/v1/webhooks/twilio/sms?source=src-1&x=2";

    /** Deliberately not in sorted order: the signature must not depend on how the form was read. */
    private static final Map<String, String> PARAMS = params(
            "To", "+14155550199",
            "From", "+14155550100",
            "MessageSid", "SM123",
            "Body", "Stop & go",
            "AccountSid", "AC1");

    /** Computed here with javax.crypto from the concatenation written out by hand, names sorted. */
    private static String expected;

    @BeforeAll
    static void computeKnownVector() throws GeneralSecurityException {
        String signed = URL + "AccountSidAC1" + "BodyStop & go" + "From+14155550100" + "MessageSidSM123"
                + "To+14155550199";
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        expected = Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void computesTheHmacOfUrlAndSortedParameters() {
        assertThat(TwilioSignature.compute(TOKEN, URL, PARAMS)).isEqualTo(expected);
    }

    @Test
    void verifiesTheKnownVectorWhateverTheParameterOrder() {
        Map<String, String> reordered = params(
                "Body", "Stop & go", "AccountSid", "AC1", "MessageSid", "SM123", "From", "+14155550100",
                "To", "+14155550199");

        assertThat(TwilioSignature.verify(TOKEN, URL, PARAMS, expected)).isTrue();
        assertThat(TwilioSignature.verify(TOKEN, URL, reordered, expected)).isTrue();
    }

    /** The worked example of Twilio's webhook-security documentation (a voice webhook, same scheme). */
    @Test
    void matchesTwiliosDocumentedExample() {
        Map<String, String> voice = params("CallSid", "CA1234567890ABCDE", "Caller", "+12349013030", "Digits", "1234",
                "From", "+12349013030", "To", "+18005551212");
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";

        assertThat(TwilioSignature.compute("12345", url, voice)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(TwilioSignature.verify("12345", url, voice, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isTrue();
    }

    @Test
    void rejectsATamperedParameter() {
        Map<String, String> tampered = new LinkedHashMap<>(PARAMS);
        tampered.put("Body", "Start & go");

        assertThat(TwilioSignature.verify(TOKEN, URL, tampered, expected)).isFalse();
    }

    @Test
    void rejectsAnAddedParameter() {
        Map<String, String> extended = new LinkedHashMap<>(PARAMS);
        extended.put("NumMedia", "0");

        assertThat(TwilioSignature.verify(TOKEN, URL, extended, expected)).isFalse();
    }

    @Test
    void rejectsAnotherUrlOrToken() {
        assertThat(TwilioSignature.verify(TOKEN, URL.replace("src-1", "src-2"), PARAMS, expected)).isFalse();
        assertThat(TwilioSignature.verify(TOKEN, URL.replace("https", "http"), PARAMS, expected)).isFalse();
        assertThat(TwilioSignature.verify("54321", URL, PARAMS, expected)).isFalse();
    }

    @Test
    void rejectsMissingOrMalformedInputWithoutThrowing() {
        assertThat(TwilioSignature.verify(TOKEN, URL, PARAMS, null)).isFalse();
        assertThat(TwilioSignature.verify(TOKEN, URL, PARAMS, "")).isFalse();
        assertThat(TwilioSignature.verify(TOKEN, URL, PARAMS, "not base64!")).isFalse();
        assertThat(TwilioSignature.verify(TOKEN, URL, PARAMS, expected.substring(0, 12))).isFalse();
        assertThat(TwilioSignature.verify(null, URL, PARAMS, expected)).isFalse();
        assertThat(TwilioSignature.verify("", URL, PARAMS, expected)).isFalse();
        assertThat(TwilioSignature.verify(TOKEN, null, PARAMS, expected)).isFalse();
        assertThat(TwilioSignature.verify(TOKEN, URL, null, expected)).isFalse();
    }

    private static Map<String, String> params(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
