package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.asAdmin;
import static io.omnijourney.ingest.support.IngestApi.createSource;
import static io.omnijourney.ingest.support.IngestApi.post;
import static io.omnijourney.ingest.support.Messages.batch;
import static io.omnijourney.ingest.support.Messages.track;
import static io.omnijourney.ingest.support.Records.gzip;
import static io.omnijourney.ingest.support.Records.only;
import static io.omnijourney.testsupport.TopicProbe.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.omnijourney.contract.Topics;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
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
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class TrackingApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static KafkaTestClient kafka;
    private static CreatedSource store;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient();
    }

    /** HTTP is up only once the application started, after static set-up. */
    @BeforeEach
    void createSourceOnce() {
        if (store == null) {
            store = createSource("store");
        }
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"track", "identify", "page", "screen", "alias", "group"})
    void eachCallTypeLandsOnTouchpointsWithKeyCloudEventHeadersAndCorrectedTimestamp(String type) {
        String messageId = UUID.randomUUID().toString();
        Messages msg = Messages.untyped().messageId(messageId).userId("user-" + type)
                .with("event", "Order Completed").with("previousId", "anon-1").with("groupId", "acme")
                .with("name", "Checkout")
                .with("timestamp", "2026-11-24T09:00:00Z").with("sentAt", "2026-11-24T09:00:10Z");
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            Instant before = Instant.now();

            post("/v1/" + type, store.writeKey(), msg.json()).statusCode(200).body("success", equalTo(true));

            ConsumerRecord<String, byte[]> record = only(probe, messageId);
            TouchpointEvent event = TouchpointCodec.decode(record.value());
            assertThat(record.key()).isEqualTo("user-" + type);
            assertThat(header(record, "ce_id")).isEqualTo(messageId);
            assertThat(header(record, "ce_source")).isEqualTo("/sources/" + store.id());
            assertThat(header(record, "ce_type")).isEqualTo("io.omnijourney.touchpoint." + type);
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(event.type()).isEqualTo(EventType.fromWire(type));
            assertThat(event.channel()).isEqualTo(Channel.STORE);
            assertThat(event.receivedAt()).isBetween(before, Instant.now());
            // sent 10 s after it happened, by the client's clock: it happened 10 s before it was received.
            assertThat(event.timestamp()).isEqualTo(event.receivedAt().minusSeconds(10));
            assertThat(header(record, "ce_time")).isEqualTo(event.timestamp().toString());
        }
    }

    /**
     * The measured findings: a public web write key and a timestamp in year 300,000,000 (which overflowed epoch
     * milliseconds downstream and stalled profile-service), or in 9999 (which out-ranked every later operator action).
     */
    @ParameterizedTest
    @ValueSource(strings = {"+300000000-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
    void aClientTimeOutsideTheWindowIsStampedWithTheReceivedTimeAndKeptInContext(String timestamp) {
        CreatedSource web = createSource("web");
        String messageId = UUID.randomUUID().toString();
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            Instant before = Instant.now();

            post("/v1/track", web.writeKey(), track("Resubscribed").userId("u-clock").messageId(messageId)
                    .with("timestamp", timestamp).json())
                    .statusCode(200).body("success", equalTo(true));

            TouchpointEvent event = TouchpointCodec.decode(only(probe, messageId).value());
            assertThat(event.receivedAt()).isBetween(before, Instant.now());
            assertThat(event.timestamp()).isEqualTo(event.receivedAt());
            assertThat(event.originalTimestamp()).isNull();
            assertThat(event.context()).containsEntry("originalTimestamp", timestamp);
        }
    }

    @Test
    void anonymousEventsAreKeyedByAnonymousId() {
        String messageId = UUID.randomUUID().toString();
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            post("/v1/page", store.writeKey(), Messages.untyped().anonymousId("anon-42").messageId(messageId).json())
                    .statusCode(200);

            assertThat(only(probe, messageId).key()).isEqualTo("anon-42");
        }
    }

    @Test
    void batchWithOneBadEventPublishesNothing() {
        String good = UUID.randomUUID().toString();
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            post("/v1/batch", store.writeKey(), batch(track("Product Viewed").userId("u").messageId(good),
                    Messages.of("track").userId("u")).json())
                    .statusCode(400)
                    .body("error", equalTo("invalid request"))
                    .body("details.field", hasItem("batch[1].event"));

            String next = UUID.randomUUID().toString();
            post("/v1/batch", store.writeKey(), batch(track("Product Viewed").userId("u").messageId(next)).json())
                    .statusCode(200);

            List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(1, WAIT);
            probe.assertNoMoreWithin(Duration.ofSeconds(2));
            assertThat(probe.records()).extracting(r -> header(r, "ce_id")).containsExactly(next);
            assertThat(records).hasSize(1);
        }
    }

    @Test
    void batchAcceptsEveryCallTypeAndMergesBatchContext() {
        String prefix = UUID.randomUUID().toString();
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            post("/v1/batch", store.writeKey(), batch(
                    track("Product Added").userId("u").messageId(prefix + "-1"),
                    Messages.of("identify").userId("u").trait("firstName", "Ana").messageId(prefix + "-2"),
                    Messages.of("page").anonymousId("a").messageId(prefix + "-3"))
                    .with("context", Map.of("library", Map.of("name", "analytics-python"))).json())
                    .statusCode(200);

            List<TouchpointEvent> events = probe.awaitRecords(3, WAIT).stream()
                    .map(r -> TouchpointCodec.decode(r.value())).toList();
            assertThat(events).extracting(TouchpointEvent::messageId)
                    .containsExactlyInAnyOrder(prefix + "-1", prefix + "-2", prefix + "-3");
            assertThat(events).allSatisfy(e -> assertThat(e.context())
                    .containsEntry("library", Map.of("name", "analytics-python")));
        }
    }

    @Test
    void gzipBodyWithAnUnexpectedContentTypeIsAccepted() throws IOException {
        String messageId = UUID.randomUUID().toString();
        byte[] gzipped = gzip(batch(track("Order Shipped").userId("u-gz").messageId(messageId)).json());
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().auth().preemptive().basic(store.writeKey(), "")
                    .header("Content-Encoding", "gzip").contentType("text/plain").body(gzipped)
                    .post("/v1/batch").then().statusCode(200).body("success", equalTo(true));

            assertThat(TouchpointCodec.decode(only(probe, messageId).value()).event()).isEqualTo("Order Shipped");
        }
    }

    @Test
    void writeKeyInTheBodyIsAcceptedAndImportWorksWithAndWithoutTrailingSlash() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            for (String[] call : List.of(new String[] {"/v1/import/", first}, new String[] {"/v1/import", second})) {
                given().contentType(ContentType.JSON)
                        .body(batch(track("A").userId("u").messageId(call[1])).with("writeKey", store.writeKey()).json())
                        .post(call[0]).then().statusCode(200);
            }

            assertThat(probe.awaitRecords(2, WAIT)).extracting(r -> header(r, "ce_id"))
                    .containsExactlyInAnyOrder(first, second);
        }
    }

    @Test
    void revokedKeyIsRejectedImmediately() {
        CreatedSource web = createSource("web");
        post("/v1/track", web.writeKey(), track("A").userId("u").json()).statusCode(200);

        asAdmin().post("/admin/sources/" + web.id() + "/revoke").then().statusCode(200)
                .body("status", equalTo("revoked"));

        post("/v1/track", web.writeKey(), track("A").userId("u").json()).statusCode(401)
                .body("error", equalTo("unauthorized")).body("details[0].field", equalTo("writeKey"));
    }

    @Test
    void rotationWithoutGraceInvalidatesTheOldKeyAndWithGraceKeepsItForAWhile() {
        CreatedSource mobile = createSource("mobile");
        String graceKey = asAdmin().contentType(ContentType.JSON).body("{\"graceSeconds\":3600}")
                .post("/admin/sources/" + mobile.id() + "/rotate").then().statusCode(200).extract().path("writeKey");

        post("/v1/track", mobile.writeKey(), track("A").userId("u").json()).statusCode(200);
        post("/v1/track", graceKey, track("A").userId("u").json()).statusCode(200);

        String newest = asAdmin().contentType(ContentType.JSON).body("{}")
                .post("/admin/sources/" + mobile.id() + "/rotate").then().statusCode(200).extract().path("writeKey");

        post("/v1/track", graceKey, track("A").userId("u").json()).statusCode(401);
        post("/v1/track", newest, track("A").userId("u").json()).statusCode(200);
    }

    @Test
    void sourceOverItsRateIsAnswered429WithRetryAfter() {
        CreatedSource slow = createSource(Map.of("name", "slow", "channel", "call_center", "rateLimitPerSecond", 1));
        String body = batch(track("A").userId("u"), track("B").userId("u"), track("C").userId("u")).json();

        post("/v1/batch", slow.writeKey(), body).statusCode(200);
        post("/v1/batch", slow.writeKey(), body).statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("error", org.hamcrest.Matchers.containsString("rate limit"));
    }

    @Test
    void metricsCountAcceptedAndRejectedEventsBySourceAndReason() {
        post("/v1/track", store.writeKey(), track("A").userId("u").json()).statusCode(200);
        post("/v1/track", store.writeKey(), Messages.of("track").userId("u").json()).statusCode(400);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).containsPattern("omnijourney_ingest_events_accepted_total\\{.*source=\"" + store.id()
                + "\".*\\} [1-9]");
        assertThat(metrics).containsPattern("omnijourney_ingest_events_rejected_total\\{.*reason=\"invalid\".*source=\""
                + store.id() + "\".*\\} [1-9]");
        assertThat(metrics).contains("omnijourney_ingest_publish_latency_seconds");
    }
}
