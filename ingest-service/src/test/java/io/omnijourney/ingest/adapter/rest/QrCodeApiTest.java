package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.omnijourney.contract.Topics;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.support.IngestApi;
import io.omnijourney.ingest.support.Messages;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** QR codes through the running service: created by an admin, scanned by a phone, the scan on the real broker. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class QrCodeApiTest {

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static String storeSource() {
        return IngestApi.createSource(Map.of("name", "Lisbon store", "channel", "store",
                "allowedOrigins", List.of("https://shop.example.com"))).id();
    }

    private static ExtractableResponse<Response> scan(String path, String cookie) {
        var request = given().redirects().follow(false).header("User-Agent", "Mozilla/5.0 (iPhone)");
        if (cookie != null) {
            request = request.cookie("oj_aid", cookie);
        }
        return request.get(path).then().extract();
    }

    @Test
    void aScanIsRecordedWithTheCodesPropertiesAndThePhoneGoesOnToTheTarget() {
        String source = storeSource();
        var created = asAdmin().contentType(ContentType.JSON).body(Messages.toJson(Map.of("name", "Window poster",
                "target", "https://shop.example.com/xmas?utm_source=qr",
                "properties", Map.of("store_id", "lisbon-1", "campaign", "xmas"))))
                .post("/admin/sources/" + source + "/qr-codes").then().statusCode(201)
                .body("sourceId", equalTo(source)).extract();
        String path = created.path("path");
        String codeId = created.path("id");
        assertThat(path).isEqualTo("/qr/" + codeId);

        try (TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            var first = scan(path, null);
            assertThat(first.statusCode()).isEqualTo(302);
            String anonymousId = first.cookie("oj_aid");
            assertThat(anonymousId).isNotBlank();
            assertThat(first.header("Location")).isEqualTo("https://shop.example.com/xmas?utm_source=qr&ajs_aid="
                    + anonymousId);
            assertThat(first.header("Cache-Control")).isEqualTo("no-store");
            var second = scan(path, anonymousId);
            assertThat(second.header("Location")).as("the same phone again").endsWith("ajs_aid=" + anonymousId);

            List<TouchpointEvent> scans = await().atMost(Duration.ofSeconds(20)).until(() -> probe.records().stream()
                    .map(r -> TouchpointCodec.decode(r.value())).filter(e -> codeId.equals(
                            e.properties().get("qr_code_id"))).toList(), l -> l.size() == 2);
            TouchpointEvent event = scans.get(0);
            assertThat(event.event()).isEqualTo("QR Code Scanned");
            assertThat(event.channel()).isEqualTo(Channel.STORE);
            assertThat(event.sourceId()).isEqualTo(source);
            assertThat(event.anonymousId()).isEqualTo(anonymousId);
            assertThat(event.properties()).containsEntry("store_id", "lisbon-1").containsEntry("campaign", "xmas")
                    .containsEntry("qr_code_name", "Window poster")
                    .containsEntry("url", "https://shop.example.com/xmas?utm_source=qr");
            assertThat(event.context()).containsEntry("userAgent", "Mozilla/5.0 (iPhone)");
            assertThat(scans.get(1).messageId()).as("each scan its own event").isNotEqualTo(event.messageId());
        }

        asAdmin().get("/admin/sources/" + source + "/qr-codes").then().statusCode(200).body("id", hasItem(codeId));
        asAdmin().post("/admin/sources/" + source + "/qr-codes/" + codeId + "/revoke").then().statusCode(200)
                .body("revokedAt", org.hamcrest.Matchers.notNullValue());
        assertThat(scan(path, null).statusCode()).as("a revoked code").isEqualTo(404);
    }

    @Test
    void codesAreForAdminsTargetsStayOnAllowedOriginsAndMadeUpCodesAre404() {
        String source = storeSource();
        asAdmin().contentType(ContentType.JSON).body(Messages.toJson(Map.of("name", "Phish",
                "target", "https://evil.example.net/login"))).post("/admin/sources/" + source + "/qr-codes").then()
                .statusCode(400).body("details[0].field", equalTo("target"));
        given().header("Authorization", "Bearer " + IngestApi.MARKETER_KEY).contentType(ContentType.JSON)
                .body(Messages.toJson(Map.of("name", "x", "target", "https://shop.example.com/")))
                .post("/admin/sources/" + source + "/qr-codes").then().statusCode(403);
        asAdmin().contentType(ContentType.JSON).body(Messages.toJson(Map.of("name", "x",
                "target", "https://shop.example.com/"))).post("/admin/sources/no-such-source/qr-codes").then()
                .statusCode(404);
        assertThat(scan("/qr/qr_00000000000000000000", null).statusCode()).isEqualTo(404);
        assertThat(scan("/qr/" + "x".repeat(300), null).statusCode()).isEqualTo(404);
    }
}
