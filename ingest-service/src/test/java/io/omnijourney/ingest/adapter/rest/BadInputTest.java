package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.createSource;
import static io.omnijourney.ingest.support.Messages.batch;
import static io.omnijourney.ingest.support.Messages.track;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.omnijourney.contract.Topics;
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
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and clumsy input: every case is a 4xx with a JSON body naming the problem, and nothing is published. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class BadInputTest {

    private static CreatedSource source;
    private static KafkaTestClient kafka;
    private static TopicProbe probe;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient();
        probe = kafka.probe(Topics.TOUCHPOINTS);
    }

    /** HTTP is up only once the application started, after static set-up. */
    @BeforeEach
    void createSourceOnce() {
        if (source == null) {
            source = createSource("web");
        }
    }

    @AfterAll
    static void tearDown() {
        probe.close();
        kafka.close();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void afterAllThatNothingWasPublishedAndTheServiceIsStillHealthy() {
        probe.assertNoMoreWithin(Duration.ofSeconds(1));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        withWriteKey().contentType(ContentType.JSON).body(track("Still Alive").userId("u").json())
                .post("/v1/track").then().statusCode(200);
        probe.awaitRecords(1, Duration.ofSeconds(20));
    }

    static Stream<Arguments> badTrackingBodies() {
        String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        return Stream.of(
                Arguments.of("malformed JSON", "{\"type\":\"track\",", 400, "body", "malformed JSON"),
                Arguments.of("trailing garbage", track("A").userId("u").json() + "xyz", 400, "body", "malformed"),
                Arguments.of("two JSON values", track("A").userId("u").json() + " {}", 400, "body", "after"),
                Arguments.of("empty body", "", 400, "body", "empty"),
                Arguments.of("array body", "[1,2]", 400, "body", "JSON object"),
                Arguments.of("deep nesting", track("A").userId("u").json().replace("\"event\"",
                        "\"properties\":" + deep + ",\"event\""), 400, "body", "nesting"),
                Arguments.of("duplicate keys", "{\"event\":\"A\",\"event\":\"B\",\"userId\":\"u\"}", 400, "body",
                        "Duplicate key 'event'"),
                Arguments.of("duplicate nested keys", "{\"event\":\"A\",\"userId\":\"u\",\"properties\":"
                        + "{\"a\":{\"k\":1,\"k\":2}}}", 400, "body", "Duplicate key 'k'"),
                Arguments.of("huge string", track("A").userId("u").property("s", "x".repeat(600_000)).json(), 413,
                        "body", "larger than"),
                Arguments.of("event over 32 KB", batch(track("A").userId("u").property("s", "x".repeat(40_000)))
                        .json(), 413, "batch[0]", "at most 32768"),
                Arguments.of("event name of wrong type", track("A").userId("u").with("event", 7).json(), 400,
                        "event", "string"),
                Arguments.of("userId of wrong type", track("A").with("userId", true).json(), 400, "userId",
                        "string"),
                Arguments.of("no identity", track("A").json(), 400, "userId", "anonymousId"),
                Arguments.of("unknown type in batch", batch(Messages.of("purchase").userId("u")).json(), 400,
                        "batch[0].type", "unknown type"),
                Arguments.of("timestamp not parseable", track("A").userId("u").with("timestamp", "24/11/2026").json(),
                        400, "timestamp", "ISO-8601"),
                Arguments.of("dollar key", track("A").userId("u").trait("$set", "x").json(), 400, "traits.$set",
                        "'$'"),
                Arguments.of("properties not an object", track("A").userId("u").with("properties", 3).json(), 400,
                        "properties", "JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTrackingBodies")
    void badTrackingInputIsA4xxNamingTheFieldAndProblem(String label, String body, int status, String field,
            String problem) {
        String path = body.contains("\"batch\"") ? "/v1/batch" : "/v1/track";
        withWriteKey().contentType(ContentType.JSON).body(body).post(path).then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("error", notNullValue())
                .body("details.field", hasItem(field))
                .body("details.problem", hasItem(containsString(problem)));
    }

    @Test
    void gzipBombIsStoppedAtTheRequestLimit() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(("{\"batch\":[{\"type\":\"track\",\"event\":\"A\",\"userId\":\"u\",\"properties\":{\"s\":\"").getBytes());
            gz.write(new byte[20_000_000]);
        }
        withWriteKey().header("Content-Encoding", "gzip").body(out.toByteArray()).post("/v1/batch").then()
                .statusCode(413).body("details[0].problem", containsString("after decompression"));
    }

    @Test
    void bodyBeyondTheServersOwnLimitIsStillAJson413() {
        byte[] body = new byte[6 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        withWriteKey().contentType(ContentType.JSON).body(body).post("/v1/batch").then()
                .statusCode(413).contentType(ContentType.JSON).body("details[0].field", equalTo("body"));
    }

    @Test
    void corruptGzipIsABadRequest() {
        withWriteKey().header("Content-Encoding", "gzip").body(new byte[] {1, 2, 3, 4}).post("/v1/batch").then()
                .statusCode(400).body("details[0].problem", containsString("gzip"));
    }

    @Test
    void unknownContentEncodingIs415() {
        withWriteKey().header("Content-Encoding", "br").body(track("A").userId("u").json()).post("/v1/track")
                .then().statusCode(415).body("details[0].field", equalTo("Content-Encoding"));
    }

    @Test
    void missingOrWrongWriteKeyIs401WithJson() {
        given().contentType(ContentType.JSON).body(track("A").userId("u").json()).post("/v1/track").then()
                .statusCode(401).contentType(ContentType.JSON).body("details[0].field", equalTo("writeKey"));
        given().auth().preemptive().basic("wk_not-a-key", "").contentType(ContentType.JSON)
                .body(track("A").userId("u").json()).post("/v1/track").then()
                .statusCode(401).body("details[0].problem", containsString("invalid"));
        given().header("Authorization", "Basic %%%").contentType(ContentType.JSON)
                .body(track("A").userId("u").json()).post("/v1/track").then().statusCode(401);
    }

    @Test
    void wrongMethodAndUnknownPathAreJsonErrors() {
        given().get("/v1/track").then().statusCode(405).contentType(ContentType.JSON);
        given().get("/v1/nothing-here").then().statusCode(404).contentType(ContentType.JSON);
    }

    private static RequestSpecification withWriteKey() {
        return given().auth().preemptive().basic(source.writeKey(), "");
    }
}
