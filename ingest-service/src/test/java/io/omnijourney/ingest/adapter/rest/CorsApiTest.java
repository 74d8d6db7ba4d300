package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.asAdmin;
import static io.omnijourney.ingest.support.IngestApi.createSource;
import static io.omnijourney.ingest.support.Messages.track;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.omnijourney.contract.Topics;
import io.omnijourney.ingest.support.IngestApi.CreatedSource;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Allowed origins per source, in a database of its own: no source here allows every origin, so a preflight from an
 * unknown origin is refused, and a page on an origin another source allows is still refused by a source that does
 * not list it.
 */
@QuarkusTest
@TestProfile(CorsApiTest.OwnDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class CorsApiTest {

    private static final String SHOP = "https://shop.example";
    private static final String BLOG = "https://blog.example";
    private static CreatedSource shop;
    private static CreatedSource pos;

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("omnijourney.ingest.database", "ingest-cors-test");
        }
    }

    @Test
    @Order(1)
    void originsAreNormalizedOnCreateShownOnGetAndListAndInvalidOnesNamed() {
        shop = createSource(Map.of("name", "shop", "channel", "web",
                "allowedOrigins", List.of("HTTPS://Shop.Example:443", "https://*.shop.example")));
        pos = createSource("store");

        asAdmin().get("/admin/sources/" + shop.id()).then().statusCode(200)
                .body("allowedOrigins", contains(SHOP, "https://*.shop.example"));
        asAdmin().get("/admin/sources/" + pos.id()).then().statusCode(200).body("allowedOrigins.size()", equalTo(0));
        asAdmin().get("/admin/sources").then().statusCode(200)
                .body("find { it.id == '" + shop.id() + "' }.allowedOrigins", contains(SHOP, "https://*.shop.example"));
        asAdmin().contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"channel\":\"web\",\"allowedOrigins\":[\"https://ok.example\",\"not an origin\","
                        + "\"https://a.example/path\"]}")
                .post("/admin/sources").then().statusCode(400)
                .body("details.field", hasItems("allowedOrigins[1]", "allowedOrigins[2]"));
        asAdmin().contentType(ContentType.JSON)
                .body("{\"name\":\"t\",\"kind\":\"twilio\",\"verificationKey\":\"tok\",\"allowedOrigins\":[\"*\"]}")
                .post("/admin/sources").then().statusCode(400).body("details[0].field", equalTo("allowedOrigins"));
    }

    @Test
    @Order(2)
    void aPreflightIsAnsweredOnlyForAnOriginSomeSourceAllows() {
        preflight(SHOP).statusCode(204).header("Access-Control-Allow-Origin", SHOP);
        preflight("https://www.shop.example").statusCode(204);
        preflight(BLOG).statusCode(403).contentType(ContentType.JSON)
                .header("Access-Control-Allow-Origin", nullValue()).body("details[0].field", equalTo("Origin"));
    }

    @Test
    @Order(3)
    void theRealRequestIsHeldToItsOwnSourcesOrigins() {
        given().contentType("text/plain").header("Origin", SHOP)
                .body(track("A").userId("u").with("writeKey", shop.writeKey()).json()).post("/v1/t").then()
                .statusCode(200).header("Access-Control-Allow-Origin", SHOP);

        // The page on shop.example may preflight (shop allows it) but the store's key does not accept it.
        given().contentType("text/plain").header("Origin", SHOP)
                .body(track("A").userId("u").with("writeKey", pos.writeKey()).json()).post("/v1/t").then()
                .statusCode(403).contentType(ContentType.JSON).header("Access-Control-Allow-Origin", nullValue())
                .body("error", equalTo("origin not allowed")).body("details[0].field", equalTo("Origin"));
        given().header("Origin", SHOP).get("/v1/projects/" + pos.writeKey() + "/settings").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());

        // The same key from a server (no Origin) is fine, and so is the next browser call of the allowed source.
        given().auth().preemptive().basic(pos.writeKey(), "").contentType(ContentType.JSON)
                .body(track("A").userId("u").json()).post("/v1/track").then().statusCode(200);
        given().contentType("text/plain").header("Origin", "https://www.shop.example")
                .body(track("B").userId("u").with("writeKey", shop.writeKey()).json()).post("/v1/t").then()
                .statusCode(200).header("Access-Control-Allow-Origin", "https://www.shop.example");
    }

    @Test
    @Order(4)
    void anUpdateTakesEffectAtOnce() {
        asAdmin().contentType(ContentType.JSON).body("{\"allowedOrigins\":[\"" + BLOG + "\"]}")
                .patch("/admin/sources/" + pos.id()).then().statusCode(200)
                .body("allowedOrigins", contains(BLOG));

        preflight(BLOG).statusCode(204).header("Access-Control-Allow-Origin", BLOG);
        given().contentType("text/plain").header("Origin", BLOG)
                .body(track("A").userId("u").with("writeKey", pos.writeKey()).json()).post("/v1/t").then()
                .statusCode(200).header("Access-Control-Allow-Origin", BLOG);

        asAdmin().contentType(ContentType.JSON).body("{\"allowedOrigins\":[\"ftp:nope\"]}")
                .patch("/admin/sources/" + pos.id()).then().statusCode(400)
                .body("details[0].field", equalTo("allowedOrigins[0]"));
        asAdmin().contentType(ContentType.JSON).body("{}").patch("/admin/sources/" + pos.id()).then().statusCode(400)
                .body("details[0].field", equalTo("allowedOrigins"));
        asAdmin().contentType(ContentType.JSON).body("{\"allowedOrigins\":[]}").patch("/admin/sources/nope").then()
                .statusCode(404);
    }

    @Test
    @Order(5)
    void revokingTheOnlySourceOfAnOriginStopsItsPreflights() {
        asAdmin().post("/admin/sources/" + pos.id() + "/revoke").then().statusCode(200);

        preflight(BLOG).statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        preflight(SHOP).statusCode(204);
    }

    private static io.restassured.response.ValidatableResponse preflight(String origin) {
        return given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,authorization").options("/v1/t").then();
    }
}
