package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.asAdmin;
import static io.omnijourney.ingest.support.IngestApi.createSource;
import static io.omnijourney.ingest.support.Messages.batch;
import static io.omnijourney.ingest.support.Messages.track;
import static io.omnijourney.ingest.support.Records.gzip;
import static io.omnijourney.ingest.support.Records.only;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.omnijourney.contract.Topics;
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
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the browser and mobile SDKs need beyond the HTTP Tracking API: the short paths, text/plain bodies with the
 * key inside, beacons with the key in the query string, SDK metrics, the settings and the analytics.js bundle, CORS
 * headers on real requests, and 429s the SDKs can read. After every refused call a fresh one is still accepted.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class BrowserSdkApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SHOP = "https://shop.example";
    private static KafkaTestClient kafka;
    private static CreatedSource web;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient();
    }

    @BeforeEach
    void createSourceOnce() {
        if (web == null) {
            web = createSource("web");
        }
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    /** What analytics.js sends: text/plain, the key in the body and as HTTP Basic, from a page's origin. */
    @ParameterizedTest(name = "/v1/{0} is {1}")
    @CsvSource({"t,track", "i,identify", "p,page", "s,screen", "a,alias", "g,group"})
    void theShortPathsAreTheLongOnesWithTheKeyInATextPlainBody(String path, String type) {
        String messageId = "ajs-next-" + UUID.randomUUID();
        String body = Messages.untyped().messageId(messageId).userId("u-" + path).with("event", "Product Viewed")
                .with("previousId", "anon-1").with("groupId", "acme").with("writeKey", web.writeKey()).json();
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().contentType("text/plain").header("Origin", SHOP).body(body).post("/v1/" + path).then()
                    .statusCode(200).body("success", equalTo(true))
                    .header("Access-Control-Allow-Origin", SHOP)
                    .header("Access-Control-Allow-Credentials", nullValue());

            TouchpointEvent event = TouchpointCodec.decode(only(probe, messageId).value());
            assertThat(event.type()).isEqualTo(EventType.fromWire(type));
            assertThat(event.sourceId()).isEqualTo(web.id());
        }
    }

    @Test
    void batchesArriveOnTheShortPathWithBasicAuthAndGzipAsTheMobileSdksSendThem() throws IOException {
        String prefix = UUID.randomUUID().toString();
        String body = batch(track("Product Added").userId("m").messageId(prefix + "-1"),
                Messages.of("screen").userId("m").messageId(prefix + "-2")
                        .context("device", Map.of("type", "ios", "token", "apns-token-1"))).json();
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().auth().preemptive().basic(web.writeKey(), "").header("Content-Encoding", "gzip")
                    .contentType(ContentType.JSON).body(gzip(body)).post("/v1/b").then().statusCode(200);

            List<TouchpointEvent> events = probe.awaitRecords(2, WAIT).stream()
                    .map(r -> TouchpointCodec.decode(r.value())).toList();
            assertThat(events).extracting(TouchpointEvent::messageId)
                    .containsExactlyInAnyOrder(prefix + "-1", prefix + "-2");
            assertThat(events).filteredOn(e -> e.type() == EventType.SCREEN).singleElement()
                    .satisfies(e -> assertThat(e.context()).containsEntry("device",
                            Map.of("type", "ios", "token", "apns-token-1")));
        }
    }

    @Test
    void aBeaconCarriesTheKeyInTheQueryString() {
        String messageId = UUID.randomUUID().toString();
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().contentType("text/plain;charset=UTF-8").header("Origin", SHOP)
                    .body(track("Page Left").anonymousId("a-1").messageId(messageId).json())
                    .post("/v1/t?writeKey=" + web.writeKey()).then().statusCode(200);

            assertThat(TouchpointCodec.decode(only(probe, messageId).value()).sourceId()).isEqualTo(web.id());
        }
    }

    @Test
    void hostileQueryStringsAre4xxAndAFreshEventFlowsAfterwards() {
        String body = track("A").userId("u").json();
        given().contentType("text/plain").body(body).post("/v1/t?writeKey=%zz%").then().statusCode(401)
                .contentType(ContentType.JSON).body("details[0].field", equalTo("writeKey"));
        given().contentType("text/plain").body(body)
                .post("/v1/t?writeKey=" + web.writeKey() + "&writeKey=other").then().statusCode(400)
                .body("details[0].field", equalTo("writeKey"));
        given().contentType("text/plain").body(body).post("/v1/t?writeKey=wk_unknown").then().statusCode(401)
                .body("details[0].field", equalTo("writeKey"));
        given().contentType("text/plain").body(body).post("/v1/t?writeKey=" + "k".repeat(3000)).then()
                .statusCode(org.hamcrest.Matchers.both(greaterThan(399)).and(org.hamcrest.Matchers.lessThan(500)));

        freshEventStillFlows();
    }

    @Test
    void sdkMetricsAreAcceptedAndDroppedWithinABound() {
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().contentType("text/plain").header("Origin", SHOP)
                    .body("{\"series\":[{\"type\":\"Counter\",\"metric\":\"analytics_js.invoke\",\"value\":1}]}")
                    .post("/v1/m").then().statusCode(200).body("success", equalTo(true))
                    .header("Access-Control-Allow-Origin", SHOP);
            given().contentType("text/plain").body("x".repeat(TrackingResource.MAX_METRICS_BYTES + 1))
                    .post("/v1/m").then().statusCode(413).contentType(ContentType.JSON)
                    .body("details[0].field", equalTo("body"));

            probe.assertNoMoreWithin(Duration.ofSeconds(1));
        }
        freshEventStillFlows();
    }

    @Test
    void theNewPathsKeepTheSizeLimits() {
        String huge = batch(track("A").userId("u").property("s", "x".repeat(40_000))).json();
        given().auth().preemptive().basic(web.writeKey(), "").contentType("text/plain").body(huge).post("/v1/b")
                .then().statusCode(413).body("details[0].field", equalTo("batch[0]"));
        given().auth().preemptive().basic(web.writeKey(), "").contentType("text/plain")
                .body("{\"batch\":[" + "1,".repeat(300_000) + "1]}").post("/v1/b").then().statusCode(413);
        given().contentType("text/plain").header("Origin", SHOP).body("{\"type\":").post("/v1/t").then()
                .statusCode(400).header("Access-Control-Allow-Origin", SHOP).body("details[0].field", equalTo("body"));

        freshEventStillFlows();
    }

    @Test
    void settingsPointTheSdkBackAtThisServiceAndUnknownOrRevokedKeysAre404() {
        CreatedSource doomed = createSource("web");
        String expectedHost = root.getHost() + ":" + root.getPort() + "/v1";

        given().header("Origin", SHOP).get("/v1/projects/" + web.writeKey() + "/settings").then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Access-Control-Allow-Origin", SHOP)
                .body("integrations.'Segment.io'.apiKey", equalTo(web.writeKey()))
                .body("integrations.'Segment.io'.apiHost", equalTo(expectedHost))
                .body("integrations.'Segment.io'.protocol", equalTo("http"))
                .body("remotePlugins.size()", equalTo(0));

        given().header("Host", "evil_host.example").get("/v1/projects/" + web.writeKey() + "/settings").then()
                .statusCode(400).contentType(ContentType.JSON).body("details[0].field", equalTo("Host"));
        given().get("/v1/projects/wk_unknown/settings").then().statusCode(404).contentType(ContentType.JSON)
                .body("details[0].field", equalTo("writeKey"));
        asAdmin().post("/admin/sources/" + doomed.id() + "/revoke").then().statusCode(200);
        given().get("/v1/projects/" + doomed.writeKey() + "/settings").then().statusCode(404);
        given().get("/v1/projects/" + web.writeKey() + "/settings").then().statusCode(200);
    }

    @Test
    void theBundleIsTheNpmPackageBehindTheCdnLineAndIsServedCompressedAndCacheable() throws IOException {
        ExtractableResponse<Response> plain = given().get("/analytics.js/v1/" + web.writeKey() + "/analytics.min.js")
                .then().statusCode(200).contentType(containsString("javascript"))
                .header("Access-Control-Allow-Origin", "*").header("Cache-Control", containsString("max-age"))
                .extract();
        String script = plain.asString();
        assertThat(script).startsWith(AnalyticsJsAssets.PRELUDE);
        assertThat(script.length()).isGreaterThan(100_000);
        assertThat(script).contains("/v1/projects/").contains("analytics-next/bundles/");

        byte[] gzipped = given().header("Accept-Encoding", "gzip").config(io.restassured.RestAssured.config()
                .decoderConfig(io.restassured.config.DecoderConfig.decoderConfig().noContentDecoders()))
                .get("/analytics.js/v1/any-key/analytics.min.js").then().statusCode(200)
                .header("Content-Encoding", "gzip").extract().asByteArray();
        assertThat(new String(gunzip(gzipped), StandardCharsets.UTF_8)).isEqualTo(script);

        given().header("If-None-Match", plain.header("ETag")).get("/analytics.js/v1/k/analytics.min.js").then()
                .statusCode(304);
    }

    @Test
    void codeChunksAreServedAndNothingElseIs() {
        String name = java.util.Arrays.stream(new java.io.File("target/classes/sdk/analytics-next").list())
                .filter(n -> n.startsWith("ajs-destination.bundle.")).findFirst().orElseThrow();

        given().get("/analytics-next/bundles/" + name).then().statusCode(200)
                .header("Cache-Control", containsString("immutable"));
        given().get("/analytics-next/bundles/standalone.js").then().statusCode(404).contentType(ContentType.JSON);
        given().get("/analytics-next/bundles/x.bundle.0123456789abcdef.js").then().statusCode(404);
        given().urlEncodingEnabled(false).get("/analytics-next/bundles/..%2F..%2Fapplication.properties").then()
                .statusCode(404);
    }

    @Test
    void aRateLimited429TellsWhenToRetryAndThePageCanReadIt() {
        CreatedSource slow = createSource(Map.of("name", "slow web", "channel", "web", "rateLimitPerSecond", 1));
        String body = batch(track("A").userId("u"), track("B").userId("u"), track("C").userId("u")).json();
        given().auth().preemptive().basic(slow.writeKey(), "").contentType("text/plain").body(body).post("/v1/b")
                .then().statusCode(200);

        long before = System.currentTimeMillis();
        ExtractableResponse<Response> limited = given().auth().preemptive().basic(slow.writeKey(), "")
                .header("Origin", SHOP).contentType("text/plain").body(body).post("/v1/b").then().statusCode(429)
                .header("Access-Control-Allow-Origin", SHOP)
                .header("Access-Control-Expose-Headers", containsString("Retry-After"))
                .header("Access-Control-Expose-Headers", containsString("X-RateLimit-Reset"))
                .extract();
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        long reset = Long.parseLong(limited.header("X-RateLimit-Reset"));
        assertThat(retryAfter).isBetween(1L, 5L);
        assertThat(reset).isBetween(before + retryAfter * 1000 - 1000, System.currentTimeMillis() + retryAfter * 1000);
    }

    @Test
    void callsWithoutAnOriginGetNoCorsHeadersAndAdminHasNoCors() {
        given().auth().preemptive().basic(web.writeKey(), "").contentType(ContentType.JSON)
                .body(track("A").userId("u").json()).post("/v1/track").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", SHOP).header("Access-Control-Request-Method", "POST")
                .options("/admin/sources").then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", SHOP).header("Access-Control-Request-Method", "POST")
                .options("/v1/webhooks/sendgrid/x").then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void aPreflightFromAnyOriginIsAnsweredWhileAWebSourceAllowsEveryOrigin() {
        given().header("Origin", "https://anywhere.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,authorization,x-retry-count")
                .options("/v1/t").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "https://anywhere.example")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Headers", containsString("X-Retry-Count"))
                .header("Access-Control-Max-Age", equalTo("7200"))
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Vary", startsWith("Origin"));
    }

    private void freshEventStillFlows() {
        String messageId = UUID.randomUUID().toString();
        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            given().contentType("text/plain")
                    .body(track("Still Alive").userId("u").messageId(messageId).with("writeKey", web.writeKey()).json())
                    .post("/v1/t").then().statusCode(200);
            only(probe, messageId);
        }
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
