package io.omnijourney.journey.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.contract.Topics;
import io.omnijourney.journey.app.ExampleJourneys;
import io.omnijourney.journey.domain.Definitions;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The definitions API: authentication, precise validation errors, the lifecycle, simulation. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1," + Topics.NOTIFICATION_REQUESTS
                + ":3," + Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class JourneyApiTest {

    private static RequestSpecification as(String key) {
        return given().header("X-API-Key", key).contentType("application/json");
    }

    private static RequestSpecification marketer() {
        return as(Scenario.MARKETER);
    }

    @Test
    void everyEndpointNeedsAKeyWithTheRightRole() {
        given().get("/journeys").then().statusCode(401).body("error", containsString("authentication required"));
        String definition = ExampleJourneys.read("wishlist-offers").toString();
        String id = marketer().body(definition).post("/journeys").then().statusCode(201).extract().path("id");
        // Analysts read everything and write nothing.
        as(Scenario.ANALYST).get("/journeys").then().statusCode(200);
        as(Scenario.ANALYST).get("/journeys/" + id).then().statusCode(200);
        as(Scenario.ANALYST).get("/journeys/" + id + "/stats").then().statusCode(200);
        marketer().post("/journeys/" + id + "/publish").then().statusCode(200);
        as(Scenario.ANALYST).get("/journeys/" + id + "/versions/1").then().statusCode(200);
        as(Scenario.ANALYST).body(definition).post("/journeys").then().statusCode(403);
        as(Scenario.ANALYST).body(definition).put("/journeys/" + id).then().statusCode(403);
        as(Scenario.ANALYST).body(definition).post("/journeys/validate").then().statusCode(403);
        for (String action : List.of("publish", "pause", "resume", "archive")) {
            as(Scenario.ANALYST).post("/journeys/" + id + "/" + action).then().statusCode(403);
        }
        as(Scenario.ANALYST).body("{\"profileIds\": [\"p-1\"]}").post("/journeys/" + id + "/enrollments").then()
                .statusCode(403);
        as(Scenario.ANALYST).body("{\"event\": {\"event\": \"X\"}}").post("/journeys/simulate").then()
                .statusCode(403);
        as(Scenario.ANALYST).post("/admin/dead-letters/profile-events/replay").then().statusCode(403);
        as(Scenario.MARKETER).post("/admin/dead-letters/profile-events/replay").then().statusCode(403);
        as("test-admin-key").get("/journeys/" + id).then().statusCode(200);
        as("test-admin-key").post("/journeys/" + id + "/archive").then().statusCode(200);
        given().get("/q/health").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("omnijourney_journey"));
    }

    @Test
    void whoamiNamesTheCallersKeyAndItsRolesSortedAndRefusesAnUnknownKey() {
        as("test-admin-key").get("/auth/whoami").then().statusCode(200)
                .body("name", equalTo("admin")).body("roles", contains("admin"));
        as(Scenario.ANALYST).get("/auth/whoami").then().statusCode(200)
                .body("name", equalTo("analyst")).body("roles", contains("analyst"));
        as("test-lead-key").get("/auth/whoami").then().statusCode(200)
                .body("name", equalTo("lead")).body("roles", contains("analyst", "marketer"));
        as("no-such-key").get("/auth/whoami").then().statusCode(401).contentType("application/json")
                .body("error", containsString("authentication required"));
        given().get("/auth/whoami").then().statusCode(401).contentType("application/json")
                .body("error", containsString("authentication required"));
    }

    @Test
    void aJourneyCannotUpdateReservedTraits() {
        marketer().body(Definitions.json("{'name':'grab','trigger':{'events':['X']},'steps':["
                + "{'id':'a','type':'update_trait','trait':'emailOptIn','value':true,'next':'b'},"
                + "{'id':'b','type':'update_trait','trait':'email','value':'attacker@example.com'}]}").toString())
                .post("/journeys").then().statusCode(400)
                .body("details.field", hasItems("/steps/0/trait", "/steps/1/trait"))
                .body("details.problem", hasItem(startsWith("reserved trait 'emailOptIn'")));
    }

    @Test
    void invalidDefinitionsAreRejectedWithPointersAndCelPositions() {
        ObjectNode bad = Definitions.json("{'name':'bad','trigger':{'events':['Checkout Started'],"
                + "'condition':'event.properties.total > '},"
                + "'audience':'java.lang.Runtime.getRuntime() != null',"
                + "'steps':[{'id':'a','type':'wait','duration':'P500D','next':'b'},"
                + "{'id':'b','type':'send','channel':'carrier_pigeon','templateId':'t','next':'zzz'}]}");
        marketer().body(bad.toString()).post("/journeys").then().statusCode(400)
                .body("error", equalTo("invalid journey definition"))
                .body("details.field", contains("/trigger/condition", "/audience", "/steps/0/duration",
                        "/steps/1/channel", "/steps/1/next"))
                .body("details[0].problem", startsWith("invalid CEL at line 1, column 26 (offset 25):"))
                .body("details[1].problem", containsString("undeclared reference to 'java'"));
        marketer().body(bad.toString()).post("/journeys/validate").then().statusCode(400)
                .body("details", hasSize(5));
        marketer().body("{\"name\": ").post("/journeys").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.notNullValue());
        marketer().body(Definitions.json("{'name':'loop','trigger':{'events':['X']},'steps':["
                + "{'id':'a','type':'branch','conditions':[{'if':'true','next':'a'}]}]}").toString())
                .post("/journeys").then().statusCode(400)
                .body("details[0].field", equalTo("/steps/0/conditions/0/next"))
                .body("details[0].problem", containsString("loop without a wait"));
    }

    @Test
    void publishFreezesNumberedVersionsAndTheLifecycleIsEnforced() {
        ObjectNode v1 = ExampleJourneys.read("wishlist-offers").deepCopy();
        v1.put("name", Scenario.unique("wishlist"));
        String id = marketer().body(v1.toString()).post("/journeys").then().statusCode(201)
                .body("status", equalTo("draft")).body("publishedVersion", equalTo(0)).extract().path("id");
        marketer().post("/journeys/" + id + "/pause").then().statusCode(409);
        marketer().post("/journeys/" + id + "/publish").then().statusCode(200)
                .body("status", equalTo("active")).body("publishedVersion", equalTo(1));

        ObjectNode v2 = v1.deepCopy();
        v2.put("description", "second version");
        marketer().body(v2.toString()).put("/journeys/" + id).then().statusCode(200)
                .body("definition.description", equalTo("second version")).body("publishedVersion", equalTo(1));
        marketer().get("/journeys/" + id + "/versions/1").then().statusCode(200)
                .body("definition.description", equalTo(v1.get("description").asText()));
        marketer().post("/journeys/" + id + "/publish").then().statusCode(200).body("publishedVersion", equalTo(2));
        marketer().get("/journeys/" + id + "/versions/2").then().statusCode(200)
                .body("definition.description", equalTo("second version"));
        marketer().get("/journeys/" + id + "/versions/3").then().statusCode(404);

        marketer().post("/journeys/" + id + "/pause").then().statusCode(200).body("status", equalTo("paused"));
        marketer().post("/journeys/" + id + "/resume").then().statusCode(200).body("status", equalTo("active"));
        marketer().get("/journeys").then().statusCode(200).body("id", hasItem(id));
        marketer().post("/journeys/" + id + "/archive").then().statusCode(200).body("status", equalTo("archived"));
        marketer().body(v2.toString()).put("/journeys/" + id).then().statusCode(409);
        marketer().post("/journeys/" + id + "/resume").then().statusCode(409);
        marketer().get("/journeys/nope").then().statusCode(404).body("error", containsString("not found"));
        as(Scenario.ANALYST).get("/journeys/" + id + "/stats").then().statusCode(200).body("entered", equalTo(0))
                .body("steps.stepId", contains("offers-email"))
                .body("delivery.sent", equalTo(0)).body("steps[0].delivery.openRate", org.hamcrest.Matchers.nullValue());
        as(Scenario.ANALYST).get("/profiles/" + "p".repeat(129) + "/journeys").then().statusCode(400)
                .body("details[0].field", equalTo("profileId"));
        as(Scenario.ANALYST).get("/profiles/nobody/journeys").then().statusCode(200).body("size()", equalTo(0));
    }

    @jakarta.inject.Inject
    ExampleJourneys examples;

    @Test
    void theShippedExamplesLoadAsPublishedJourneysOnce() {
        org.assertj.core.api.Assertions.assertThat(examples.loadMissing()).isEqualTo(5);
        try {
            org.assertj.core.api.Assertions.assertThat(examples.loadMissing()).isZero();
            for (String name : ExampleJourneys.NAMES) {
                marketer().get("/journeys/" + ExampleJourneys.ID_PREFIX + name).then().statusCode(200)
                        .body("status", equalTo("active")).body("publishedVersion", equalTo(1));
            }
        } finally {
            ExampleJourneys.NAMES.forEach(name -> Scenario.archive(ExampleJourneys.ID_PREFIX + name));
        }
    }

    @Test
    void simulationShowsWhichJourneysWouldStartAndTheirPathToTheFirstWait() {
        String event = Scenario.unique("Sim Event");
        ObjectNode branching = Definitions.json("{'name':'sim','trigger':{'events':['" + event + "'],"
                + "'condition':'event.properties.total > 100'},'audience':'profile.traits.tier == \\u0027gold\\u0027',"
                + "'steps':[{'id':'b','type':'branch','conditions':[{'if':'has(profile.traits.phone)','next':'sms'}],"
                + "'default':'mail'},{'id':'sms','type':'send','channel':'sms','templateId':'s','next':'w'},"
                + "{'id':'mail','type':'send','channel':'email','templateId':'m','next':'w'},"
                + "{'id':'w','type':'wait','duration':'P1D','next':'again'},"
                + "{'id':'again','type':'send','channel':'email','templateId':'m2'}]}");
        String id = Scenario.publish(branching);
        try {
            marketer().body("{\"event\":{\"event\":\"" + event + "\",\"properties\":{\"total\":150}},"
                    + "\"profile\":{\"traits\":{\"tier\":\"gold\"}}}").post("/journeys/simulate").then()
                    .statusCode(200).body("", hasSize(1)).body("[0].journeyId", equalTo(id))
                    .body("[0].wouldStart", equalTo(true))
                    .body("[0].path.stepId", contains("b", "mail", "w"))
                    .body("[0].sends.templateId", contains("m")).body("[0].stopsAt", equalTo("w"))
                    .body("[0].waitKind", equalTo("timer"));
            marketer().body("{\"event\":{\"event\":\"" + event + "\",\"properties\":{\"total\":150}},"
                    + "\"profile\":{\"traits\":{\"tier\":\"silver\"}}}").post("/journeys/simulate").then()
                    .statusCode(200).body("[0].wouldStart", equalTo(false))
                    .body("[0].reason", equalTo("not_in_audience"));
            marketer().body("{\"event\":{\"event\":\"" + event + "\",\"properties\":{\"total\":5}}}")
                    .post("/journeys/simulate").then().statusCode(200)
                    .body("[0].reason", equalTo("trigger_condition_false"));
            marketer().body("{\"event\":{}}").post("/journeys/simulate").then().statusCode(400)
                    .body("details[0].field", equalTo("event.event"));
            marketer().body("{\"event\":{\"event\":\"X\"},\"profile\":{\"segments\":{\"a\":1}}}")
                    .post("/journeys/simulate").then().statusCode(400).body("details[0].field", equalTo("profile"));
            marketer().body("{\"event\":{\"event\":\"X\",\"properties\":[1]}}")
                    .post("/journeys/simulate").then().statusCode(400)
                    .body("details[0].field", equalTo("event.properties"));
        } finally {
            Scenario.archive(id);
        }
    }
}
