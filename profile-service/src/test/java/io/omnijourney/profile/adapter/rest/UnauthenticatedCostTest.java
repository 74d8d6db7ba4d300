package io.omnijourney.profile.adapter.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.omnijourney.contract.Topics;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The body limit, and the limit on failed authentications per client address, as every service applies them. */
@QuarkusTest
@TestProfile(UnauthenticatedCostTest.LowFailureLimit.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.TOUCHPOINTS + ":3," + Topics.TOUCHPOINTS_DLQ + ":1," + Topics.PROFILE_EVENTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class UnauthenticatedCostTest {

    private static final int MAX_FAILURES = 5;

    public static class LowFailureLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("omnijourney.auth.failure-limit.max-failures", Integer.toString(MAX_FAILURES),
                    "omnijourney.auth.failure-limit.window", "10m");
        }
    }

    @Test
    @Order(1)
    void aBodyOverTheLimitIsRefusedWithAJson413() {
        String condition = "profile.traits.plan == '" + "x".repeat(300 * 1024) + "'";

        given().header("X-API-Key", "test-marketer-key").contentType(ContentType.JSON)
                .body("{\"id\":\"big\",\"name\":\"big\",\"condition\":\"" + condition + "\"}")
                .post("/segments")
                .then().statusCode(413).contentType(ContentType.JSON).body("details[0].field", equalTo("body"));
    }

    @Test
    @Order(2)
    void anAddressWithTooManyUnknownApiKeysIsRefusedWith429EvenWithAValidKey() {
        for (int i = 0; i < MAX_FAILURES; i++) {
            given().header("X-API-Key", "guess-" + i).get("/segments").then().statusCode(401);
        }

        given().header("X-API-Key", "test-analyst-key").get("/segments")
                .then().statusCode(429).header("Retry-After", notNullValue()).contentType(ContentType.JSON)
                .body("details[0].field", equalTo("Authorization"));
        int retryAfter = Integer.parseInt(given().header("Authorization", "Bearer guess").get("/segments")
                .then().statusCode(429).extract().header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 600);
    }
}
