package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.createSource;
import static io.omnijourney.ingest.support.IngestApi.post;
import static io.omnijourney.ingest.support.Messages.track;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.contract.Topics;
import io.omnijourney.ingest.support.IngestApi.CreatedSource;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.jboss.logging.Logger;

/** What a caller without a valid key costs: no body read, no repeated lookups, and a limit on failures. */
@QuarkusTest
@TestProfile(UnauthenticatedCostTest.LowFailureLimit.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class UnauthenticatedCostTest {

    private static final Logger LOG = Logger.getLogger(UnauthenticatedCostTest.class);
    private static final int MAX_FAILURES = 30;

    public static class LowFailureLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("omnijourney.ingest.database", "ingest-auth-cost-test",
                    "omnijourney.auth.failure-limit.max-failures", Integer.toString(MAX_FAILURES),
                    "omnijourney.auth.failure-limit.window", "10m");
        }
    }

    @Inject
    MeterRegistry registry;

    private double lookups() {
        return registry.counter("omnijourney.ingest.write_key.lookups").count();
    }

    @Test
    @Order(1)
    void anUnknownWriteKeyIsLookedUpOnceAndThenAnsweredFromMemory() {
        String madeUp = "wk_" + UUID.randomUUID().toString().replace("-", "");
        double before = lookups();

        long started = System.nanoTime();
        post("/v1/track", madeUp, track("A").userId("u").json()).statusCode(401).body("details[0].field",
                equalTo("writeKey"));
        long firstNanos = System.nanoTime() - started;
        started = System.nanoTime();
        for (int i = 0; i < 9; i++) {
            post("/v1/track", madeUp, track("A").userId("u").json()).statusCode(401);
        }
        long cachedNanos = (System.nanoTime() - started) / 9;
        LOG.infof("unknown write key refused: first %d µs (lookup), then %d µs each (cached)", firstNanos / 1000,
                cachedNanos / 1000);

        assertThat(lookups() - before).isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void aSourceCreatedAfterAFailedAttemptWorksAtOnce() {
        CreatedSource web = createSource("web");

        post("/v1/track", web.writeKey(), track("A").userId("u").json()).statusCode(200);
    }

    /**
     * The request declares a body it never sends: a service that read the body before checking the key would wait for
     * it; the key in the header is refused at once.
     */
    @Test
    @Order(3)
    void aWrongKeyInTheHeaderIsRefusedBeforeTheBodyIsRead() throws IOException {
        String basic = Base64.getEncoder().encodeToString("wk_not-a-key:".getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/track HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + basic
                    + "\r\nContent-Type: application/json\r\nContent-Length: 400000\r\n\r\n{\"type\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int read = 0;
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            assertThat(new String(head, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 401");
        }
    }

    @Test
    @Order(4)
    void aKeyInTheBodyIsCheckedAfterTheBoundedBodyIsParsed() {
        given().contentType(ContentType.TEXT).body("{\"writeKey\":\"wk_unknown\",\"type\":\"track\",\"event\":\"A\","
                + "\"userId\":\"u\"}").post("/v1/track").then().statusCode(401);
        given().contentType(ContentType.TEXT).body("{\"writeKey\":\"wk_unknown\",")
                .post("/v1/track").then().statusCode(400).body("details[0].field", equalTo("body"));
    }

    @Test
    @Order(5)
    void anAddressWithTooManyFailedAuthenticationsIsRefusedWith429() {
        CreatedSource store = createSource("store");
        int status = 0;
        for (int i = 0; i < MAX_FAILURES + 1 && status != 429; i++) {
            status = post("/v1/track", "wk_wrong-" + i, track("A").userId("u").json()).extract().statusCode();
        }
        assertThat(status).isEqualTo(429);

        // Refused before any key is looked at: a valid key from that address waits too, and so does an API key.
        post("/v1/track", store.writeKey(), track("A").userId("u").json())
                .statusCode(429).header("Retry-After", notNullValue())
                .contentType(ContentType.JSON).body("details[0].field", equalTo("Authorization"));
        given().header("X-API-Key", "not-an-api-key").get("/admin/sources")
                .then().statusCode(429).header("Retry-After", notNullValue());
        assertThat(registry.counter("omnijourney.auth.failures.refused").count()).isGreaterThanOrEqualTo(2.0);
    }
}
