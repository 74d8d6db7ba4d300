package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.createSource;
import static io.omnijourney.testsupport.TopicProbe.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.support.IngestApi.CreatedSource;
import io.omnijourney.ingest.support.Messages;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class ProviderWebhookApiTest {

    private static final String AUTH_TOKEN = "twilio-test-auth-token";
    private static KeyPair sendGridKeys;
    private static KafkaTestClient kafka;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        sendGridKeys = generator.generateKeyPair();
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void signedSendGridEventsBecomeEmailTouchpoints() throws Exception {
        CreatedSource source = sendGridSource();
        String eventId = UUID.randomUUID().toString();
        String payload = Messages.toJson(List.of(
                Map.of("email", "Ana@Example.com", "timestamp", 1764000000L, "event", "open",
                        "sg_event_id", eventId + "-open", "sg_message_id", "msg-1", "requestId", "req-7"),
                Map.of("email", "ana@example.com", "timestamp", 1764000100L, "event", "bounce", "type", "bounce",
                        "reason", "550 mailbox unavailable", "sg_event_id", eventId + "-bounce",
                        "sg_message_id", "msg-1"),
                Map.of("email", "ana@example.com", "timestamp", 1764000000L, "event", "processed",
                        "sg_event_id", eventId + "-processed", "sg_message_id", "msg-1")));
        String timestamp = signedNow();

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().header("X-Twilio-Email-Event-Webhook-Signature", signSendGrid(timestamp, payload))
                    .header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp)
                    .contentType("application/json").body(payload)
                    .post("/v1/webhooks/sendgrid/" + source.id()).then().statusCode(200)
                    .body("success", equalTo(true));

            List<TouchpointEvent> events = probe.awaitRecords(2, Duration.ofSeconds(20)).stream()
                    .map(r -> TouchpointCodec.decode(r.value())).toList();
            probe.assertNoMoreWithin(Duration.ofSeconds(1));
            assertThat(events).extracting(TouchpointEvent::event)
                    .containsExactlyInAnyOrder("Email Opened", "Email Bounced");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.channel()).isEqualTo(Channel.EMAIL);
                assertThat(e.identityKey()).isEqualTo("email:ana@example.com");
                assertThat(e.messageId()).startsWith("sendgrid:" + eventId);
            });
            assertThat(events).filteredOn(e -> e.event().equals("Email Bounced")).singleElement()
                    .satisfies(e -> assertThat(e.properties()).containsEntry("bounceType", "hard"));
            assertThat(probe.records()).allSatisfy(r -> assertThat(r.key()).isEqualTo("email:ana@example.com"));
        }
    }

    @Test
    void sendGridPayloadWithABadSignatureIsRejectedAndNothingPublished() throws Exception {
        CreatedSource source = sendGridSource();
        String payload = Messages.toJson(List.of(Map.of("email", "ana@example.com", "timestamp", 1764000000L,
                "event", "delivered", "sg_event_id", "e-1", "sg_message_id", "m")));
        String signedAt = signedNow();
        String signature = signSendGrid(signedAt, payload);

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().header("X-Twilio-Email-Event-Webhook-Signature", signature)
                    .header("X-Twilio-Email-Event-Webhook-Timestamp", Long.toString(Long.parseLong(signedAt) + 1))
                    .contentType("application/json").body(payload)
                    .post("/v1/webhooks/sendgrid/" + source.id()).then().statusCode(401)
                    .body("details[0].problem", containsString("signature"));
            given().contentType("application/json").body(payload)
                    .post("/v1/webhooks/sendgrid/" + source.id()).then().statusCode(401);

            probe.assertNoMoreWithin(Duration.ofSeconds(2));
        }
    }

    /** A captured, correctly signed request replayed later (or signed ahead of time) is refused and counted. */
    @ParameterizedTest
    @ValueSource(longs = {-900, 600, Long.MAX_VALUE})
    void aSignedSendGridRequestOutsideTheReplayWindowIsRefused(long offsetSeconds) throws Exception {
        CreatedSource source = sendGridSource();
        String payload = Messages.toJson(List.of(Map.of("email", "ana@example.com", "timestamp", 1764000000L,
                "event", "delivered", "sg_event_id", UUID.randomUUID().toString(), "sg_message_id", "m")));
        long now = Instant.now().getEpochSecond();
        String signedAt = Long.toString(offsetSeconds == Long.MAX_VALUE ? Long.MAX_VALUE : now + offsetSeconds);
        double refusedBefore = replayedCount(source);

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().header("X-Twilio-Email-Event-Webhook-Signature", signSendGrid(signedAt, payload))
                    .header("X-Twilio-Email-Event-Webhook-Timestamp", signedAt)
                    .contentType("application/json").body(payload)
                    .post("/v1/webhooks/sendgrid/" + source.id()).then().statusCode(403)
                    .contentType(ContentType.JSON)
                    .body("details[0].field", equalTo("X-Twilio-Email-Event-Webhook-Timestamp"));

            probe.assertNoMoreWithin(Duration.ofSeconds(1));
        }
        assertThat(replayedCount(source)).isEqualTo(refusedBefore + 1);
    }

    /**
     * Twilio signs no time: a replayed inbound SMS is told apart by its MessageSid, from which the touchpoints' ids
     * are derived, so consumers (idempotent on messageId) drop the replay.
     */
    @Test
    void aReplayedTwilioSmsCarriesTheSameEventIds() throws Exception {
        CreatedSource source = twilioSource();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> form = Map.of("MessageSid", sid, "AccountSid", "AC123", "From", "+351912345678",
                "To", "+351300000000", "Body", "hello", "NumMedia", "0");
        String path = "/v1/webhooks/twilio/" + source.id();

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            for (int i = 0; i < 2; i++) {
                given().header("X-Twilio-Signature", signTwilio(url(path), form))
                        .contentType("application/x-www-form-urlencoded; charset=UTF-8").body(formBody(form))
                        .post(path).then().statusCode(200);
            }

            List<TouchpointEvent> events = probe.awaitRecords(2, Duration.ofSeconds(20)).stream()
                    .map(r -> TouchpointCodec.decode(r.value())).toList();
            assertThat(events).extracting(TouchpointEvent::messageId).containsOnly("twilio:" + sid);
        }
    }

    @Test
    void inboundStopSmsBecomesSmsReceivedAndUnsubscribed() throws Exception {
        CreatedSource source = twilioSource();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> form = Map.of("MessageSid", sid, "AccountSid", "AC123", "From", "+351912345678",
                "To", "+351300000000", "Body", " Stop ", "NumMedia", "0");
        String path = "/v1/webhooks/twilio/" + source.id();

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().header("X-Twilio-Signature", signTwilio(url(path), form))
                    .contentType("application/x-www-form-urlencoded; charset=UTF-8").body(formBody(form))
                    .post(path).then().statusCode(200).contentType(containsString("xml"))
                    .body(containsString("<Response>"));

            List<TouchpointEvent> events = probe.awaitRecords(2, Duration.ofSeconds(20)).stream()
                    .map(r -> TouchpointCodec.decode(r.value())).toList();
            assertThat(events).extracting(TouchpointEvent::event)
                    .containsExactlyInAnyOrder("SMS Received", "Unsubscribed");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.channel()).isEqualTo(Channel.SMS);
                assertThat(e.identityKey()).isEqualTo("phone:+351912345678");
            });
            assertThat(probe.records()).extracting(r -> header(r, "ce_id"))
                    .containsExactlyInAnyOrder("twilio:" + sid, "twilio:" + sid + ":unsubscribed");
        }
    }

    @Test
    void twilioStatusCallbacksBecomeTheMessagesFateNamingItsRequest() throws Exception {
        CreatedSource source = twilioSource();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        String path = "/v1/webhooks/twilio/" + source.id() + "/status?requestId=req-42&journeyId=j-1&stepId=remind";
        Map<String, String> delivered = Map.of("MessageSid", sid, "MessageStatus", "delivered", "To", "+351912345678",
                "From", "+15005550006", "AccountSid", "AC123");
        Map<String, String> queued = new TreeMap<>(delivered);
        queued.put("MessageStatus", "queued");
        Map<String, String> failed = new TreeMap<>(delivered);
        failed.put("MessageStatus", "undelivered");
        failed.put("ErrorCode", "30003");

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().header("X-Twilio-Signature", signTwilio(url(path), queued))
                    .contentType("application/x-www-form-urlencoded").body(formBody(queued)).post(path).then()
                    .statusCode(204);
            for (int i = 0; i < 2; i++) {
                given().header("X-Twilio-Signature", signTwilio(url(path), delivered))
                        .contentType("application/x-www-form-urlencoded").body(formBody(delivered)).post(path)
                        .then().statusCode(204);
            }
            given().header("X-Twilio-Signature", signTwilio(url(path), failed))
                    .contentType("application/x-www-form-urlencoded").body(formBody(failed)).post(path).then()
                    .statusCode(204);
            List<TouchpointEvent> events = probe.awaitRecords(3, Duration.ofSeconds(20)).stream()
                    .map(r -> TouchpointCodec.decode(r.value())).toList();
            assertThat(events).extracting(TouchpointEvent::event)
                    .containsExactly("SMS Delivered", "SMS Delivered", "SMS Undelivered");
            assertThat(events.get(0).messageId()).as("a retried callback, one touchpoint downstream")
                    .isEqualTo(events.get(1).messageId());
            assertThat(events.get(0).properties()).containsEntry("requestId", "req-42")
                    .containsEntry("journeyId", "j-1").containsEntry("stepId", "remind")
                    .containsEntry("messageSid", sid);
            assertThat(events.get(2).properties()).containsEntry("errorCode", "30003");
            assertThat(events.get(0).identityKey()).isEqualTo("phone:+351912345678");
            probe.assertNoMoreWithin(Duration.ofSeconds(1));
        }
        String other = "/v1/webhooks/twilio/" + source.id() + "/status?requestId=req-43";
        given().header("X-Twilio-Signature", signTwilio(url(path), delivered))
                .contentType("application/x-www-form-urlencoded").body(formBody(delivered)).post(other).then()
                .statusCode(401); // the request id is under the signature

        // A signed callback without the fields a status needs, or with an over-long step id: 400 naming each field.
        String bad = "/v1/webhooks/twilio/" + source.id() + "/status?requestId=req-44&journeyId=j-1&stepId="
                + "s".repeat(201);
        Map<String, String> empty = Map.of("AccountSid", "AC123");
        given().header("X-Twilio-Signature", signTwilio(url(bad), empty))
                .contentType("application/x-www-form-urlencoded").body(formBody(empty)).post(bad).then()
                .statusCode(400).body("details.field", org.hamcrest.Matchers.hasItems("MessageSid", "MessageStatus",
                        "To", "stepId"));
    }

    /** Twilio's inbound WhatsApp webhook, as posted for a text message to a WhatsApp sender. */
    @Test
    void inboundWhatsAppStopBecomesWhatsAppReceivedAndAWhatsAppUnsubscribe() throws Exception {
        CreatedSource source = twilioSource();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> form = new TreeMap<>(Map.ofEntries(Map.entry("SmsMessageSid", sid),
                Map.entry("NumMedia", "0"), Map.entry("ProfileName", "Ana"), Map.entry("MessageType", "text"),
                Map.entry("SmsSid", sid), Map.entry("WaId", "351912345678"), Map.entry("SmsStatus", "received"),
                Map.entry("Body", "STOP"), Map.entry("To", "whatsapp:+14155238886"), Map.entry("NumSegments", "1"),
                Map.entry("ReferralNumMedia", "0"), Map.entry("MessageSid", sid), Map.entry("AccountSid", "AC123"),
                Map.entry("From", "whatsapp:+351912345678"), Map.entry("ApiVersion", "2010-04-01")));
        String path = "/v1/webhooks/twilio/" + source.id();

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().header("X-Twilio-Signature", signTwilio(url(path), form))
                    .contentType("application/x-www-form-urlencoded; charset=UTF-8").body(formBody(form))
                    .post(path).then().statusCode(200).body(containsString("<Response>"));

            List<TouchpointEvent> events = probe.awaitRecords(2, Duration.ofSeconds(20)).stream()
                    .map(r -> TouchpointCodec.decode(r.value())).toList();
            assertThat(events).extracting(TouchpointEvent::event)
                    .containsExactlyInAnyOrder("WhatsApp Received", "Unsubscribed");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.channel()).isEqualTo(Channel.WHATSAPP);
                assertThat(e.identityKey()).isEqualTo("phone:+351912345678");
            });
            assertThat(events).filteredOn(e -> e.event().equals("Unsubscribed")).singleElement()
                    .satisfies(e -> assertThat(e.properties()).containsEntry("channel", "whatsapp"));
            assertThat(probe.records()).extracting(r -> header(r, "ce_id"))
                    .containsExactlyInAnyOrder("twilio:" + sid, "twilio:" + sid + ":unsubscribed");
            probe.assertNoMoreWithin(Duration.ofSeconds(1));
        }
    }

    @Test
    void theWhatsAppPrefixIsUnderTheSignature() throws Exception {
        CreatedSource source = twilioSource();
        Map<String, String> sms = Map.of("MessageSid", "SM2", "From", "+351912345678", "To", "+351300000000",
                "Body", "hello");
        Map<String, String> relabelled = new TreeMap<>(sms);
        relabelled.put("From", "whatsapp:+351912345678");
        String path = "/v1/webhooks/twilio/" + source.id();

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().header("X-Twilio-Signature", signTwilio(url(path), sms))
                    .contentType("application/x-www-form-urlencoded").body(formBody(relabelled))
                    .post(path).then().statusCode(401);

            probe.assertNoMoreWithin(Duration.ofSeconds(2));
        }
    }

    @Test
    void twilioWhatsAppStatusCallbacksBecomeWhatsAppFates() throws Exception {
        CreatedSource source = twilioSource();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        String path = "/v1/webhooks/twilio/" + source.id() + "/status?requestId=req-wa";
        Map<String, String> queued = whatsAppStatus(sid, "queued");
        Map<String, String> read = whatsAppStatus(sid, "read");
        Map<String, String> failed = whatsAppStatus(sid, "failed");
        failed.put("ErrorCode", "63016");

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            for (Map<String, String> form : List.of(queued, read, failed)) {
                given().header("X-Twilio-Signature", signTwilio(url(path), form))
                        .contentType("application/x-www-form-urlencoded").body(formBody(form)).post(path).then()
                        .statusCode(204);
            }

            List<TouchpointEvent> events = probe.awaitRecords(2, Duration.ofSeconds(20)).stream()
                    .map(r -> TouchpointCodec.decode(r.value())).toList();
            assertThat(events).extracting(TouchpointEvent::event).containsExactly("WhatsApp Read", "WhatsApp Failed");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.channel()).isEqualTo(Channel.WHATSAPP);
                assertThat(e.identityKey()).isEqualTo("phone:+351912345678");
                assertThat(e.properties()).containsEntry("requestId", "req-wa").containsEntry("messageSid", sid);
            });
            assertThat(events.get(1).properties()).containsEntry("errorCode", "63016");
            probe.assertNoMoreWithin(Duration.ofSeconds(1));
        }
    }

    @Test
    void twilioRequestWithAForgedSignatureIsRejected() throws Exception {
        CreatedSource source = twilioSource();
        Map<String, String> form = Map.of("MessageSid", "SM1", "From", "+351912345678", "To", "+351300000000",
                "Body", "hello");
        String path = "/v1/webhooks/twilio/" + source.id();
        Map<String, String> tampered = new TreeMap<>(form);
        tampered.put("Body", "START");

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().header("X-Twilio-Signature", signTwilio(url(path), form))
                    .contentType("application/x-www-form-urlencoded").body(formBody(tampered))
                    .post(path).then().statusCode(401);

            probe.assertNoMoreWithin(Duration.ofSeconds(2));
        }
    }

    @Test
    void webhookForAnUnknownOrTrackingSourceIs404() {
        CreatedSource tracking = createSource("web");
        given().contentType("application/json").body("[]").post("/v1/webhooks/sendgrid/" + tracking.id()).then()
                .statusCode(404);
        given().contentType("application/json").body("[]").post("/v1/webhooks/sendgrid/src_missing").then()
                .statusCode(404);
    }

    private static CreatedSource sendGridSource() {
        String publicKey = Base64.getEncoder().encodeToString(sendGridKeys.getPublic().getEncoded());
        return createSource(Map.of("name", "SendGrid", "kind", "sendgrid", "verificationKey", publicKey));
    }

    /** A status callback of a WhatsApp message, with the parameters Twilio posts for one. */
    private static Map<String, String> whatsAppStatus(String sid, String status) {
        Map<String, String> form = new TreeMap<>();
        form.put("ChannelPrefix", "whatsapp");
        form.put("ApiVersion", "2010-04-01");
        form.put("MessageStatus", status);
        form.put("SmsSid", sid);
        form.put("SmsStatus", status);
        form.put("ChannelInstallSid", "XE0123456789abcdef0123456789abcdef");
        form.put("To", "whatsapp:+351912345678");
        form.put("From", "whatsapp:+14155238886");
        form.put("MessageSid", sid);
        form.put("StructuredMessage", "false");
        form.put("AccountSid", "AC123");
        form.put("ChannelToAddress", "+35191234XXXX");
        return form;
    }

    private static CreatedSource twilioSource() {
        return createSource(Map.of("name", "Twilio", "kind", "twilio", "verificationKey", AUTH_TOKEN));
    }

    private double replayedCount(CreatedSource source) {
        return registry.find("omnijourney.ingest.events.rejected").tag("source", source.id())
                .tag("reason", "replayed").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static String signedNow() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    private static String signSendGrid(String timestamp, String payload) throws Exception {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(sendGridKeys.getPrivate());
        signer.update((timestamp + payload).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    /** Twilio's scheme, written here independently of the service's implementation. */
    private static String signTwilio(String url, Map<String, String> form) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(form).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
