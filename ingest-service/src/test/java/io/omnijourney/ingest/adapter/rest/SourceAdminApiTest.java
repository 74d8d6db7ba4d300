package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.mongodb.client.model.Filters;
import io.omnijourney.contract.Topics;
import io.omnijourney.ingest.support.IngestApi;
import io.omnijourney.kit.security.ApiKeys;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestClient;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class SourceAdminApiTest {

    @Test
    void createdSourceShowsItsKeyOnceAndStoresOnlyItsHash() {
        var created = asAdmin().contentType(ContentType.JSON)
                .body("{\"name\":\"Lisbon store POS\",\"channel\":\"store\"}")
                .post("/admin/sources").then().statusCode(201)
                .body("channel", equalTo("store")).body("kind", equalTo("tracking"))
                .body("status", equalTo("active")).body("writeKey", startsWith("wk_"))
                .extract();
        String id = created.path("id");
        String writeKey = created.path("writeKey");

        asAdmin().get("/admin/sources/" + id).then().statusCode(200)
                .body("writeKey", nullValue()).body("keyPrefix", equalTo(writeKey.substring(0, 9)));
        asAdmin().get("/admin/sources").then().statusCode(200).body("id", hasItem(id))
                .body("writeKey", not(hasItem(notNullValue())));

        Document stored = MongoTestClient.database("ingest").getCollection("sources").find(Filters.eq("_id", id))
                .first();
        assertThat(stored).isNotNull();
        assertThat(stored.toJson()).doesNotContain(writeKey);
        assertThat(stored.getString("keyHash")).isEqualTo(ApiKeys.sha256Hex(writeKey));
    }

    @Test
    void invalidSourceRequestsNameEveryField() {
        asAdmin().contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"channel\":\"fax\",\"kind\":\"tracking\",\"rateLimitPerSecond\":0}")
                .post("/admin/sources").then().statusCode(400)
                .body("details.field", hasItems("name", "channel", "rateLimitPerSecond"));
        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"x\",\"kind\":\"sendgrid\"}")
                .post("/admin/sources").then().statusCode(400)
                .body("details.field", hasItem("verificationKey"));
        asAdmin().contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"kind\":\"sendgrid\",\"verificationKey\":\"not-a-key\"}")
                .post("/admin/sources").then().statusCode(400)
                .body("details.field", hasItem("verificationKey"));
        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"x\",\"kind\":\"twilio\",\"channel\":\"email\","
                + "\"verificationKey\":\"token\"}").post("/admin/sources").then().statusCode(400)
                .body("details.problem", hasItem(containsString("always on channel sms")));
        asAdmin().contentType(ContentType.JSON).body("{\"name\":\"x\",\"channel\":\"web\",\"rateLimitPerSecond\":\"fast\"}")
                .post("/admin/sources").then().statusCode(400).body("details[0].field", equalTo("rateLimitPerSecond"));
        asAdmin().contentType(ContentType.JSON).body("{\"name\":").post("/admin/sources").then().statusCode(400)
                .contentType(ContentType.JSON);
    }

    @Test
    void rotationGraceIsBounded() {
        String id = IngestApi.createSource("web").id();
        asAdmin().contentType(ContentType.JSON).body("{\"graceSeconds\":99999999}")
                .post("/admin/sources/" + id + "/rotate").then().statusCode(400)
                .body("details[0].field", equalTo("graceSeconds"));
    }

    @Test
    void unknownSourceIs404() {
        asAdmin().get("/admin/sources/src_nope").then().statusCode(404).body("error", containsString("src_nope"));
        asAdmin().post("/admin/sources/src_nope/revoke").then().statusCode(404);
        asAdmin().contentType(ContentType.JSON).body("{}").post("/admin/sources/src_nope/rotate").then()
                .statusCode(404);
    }

    @Test
    void adminApiNeedsAnAdminKey() {
        given().get("/admin/sources").then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", "Bearer wrong").get("/admin/sources").then().statusCode(401)
                .contentType(ContentType.JSON);
        given().header("X-API-Key", IngestApi.MARKETER_KEY).get("/admin/sources").then().statusCode(403)
                .contentType(ContentType.JSON).body("error", containsString("forbidden"));
        given().header("X-API-Key", IngestApi.ADMIN_KEY).get("/admin/sources").then().statusCode(200);
    }

    @Test
    void healthAndMetricsAreOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(containsString("Reactive Messaging")))
                .body("checks.find { it.name.contains('Messaging') }.data.touchpoints", containsString("OK"));
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void openApiDocumentDescribesTheTrackingAndAdminApis() {
        String document = given().get("/q/openapi").then().statusCode(200).extract().asString();

        assertThat(document).contains("/v1/batch", "/v1/track", "/admin/sources/{id}/rotate",
                "/v1/webhooks/sendgrid/{sourceId}");
    }
}
