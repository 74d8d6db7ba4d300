package io.omnijourney.journey.it;

import static io.omnijourney.journey.it.Scenario.profile;
import static io.omnijourney.journey.it.Scenario.sendTrack;
import static io.omnijourney.journey.it.Scenario.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.contract.Topics;
import io.omnijourney.journey.adapter.mongo.MongoConditionFlags;
import io.omnijourney.journey.app.DefinitionCache;
import io.omnijourney.journey.app.JourneyStore;
import io.omnijourney.journey.domain.Condition;
import io.omnijourney.journey.domain.Definitions;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An over-budget condition flags its journey on every replica: the instance that cut the evaluation off writes the flag
 * to MongoDB, and another instance (here a fresh definition cache that never evaluated anything) reads it.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1," + Topics.NOTIFICATION_REQUESTS
                + ":3," + Topics.TOUCHPOINTS + ":3," + Topics.ERASURE_ACKS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class ConditionFlagsTest {

    private static KafkaTestClient kafka;

    @Inject
    DefinitionCache definitions;
    @Inject
    JourneyStore store;
    @Inject
    MongoDatabase database;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** 400 x 400 iterations: within the save-time limits, over the run-time budget of 100,000. */
    private static String overBudget() {
        String literal = "[" + String.join(",", Collections.nCopies(400, "1")) + "]";
        return literal + ".all(x, " + literal + ".all(y, x == y))";
    }

    @Test
    void anOverBudgetConditionIsFlaggedOnTheJourneyForEveryInstance() {
        String event = unique("Costly");
        String journeyId = Scenario.publish(Definitions.json("{'name':'costly','trigger':{'events':['" + event
                + "'],'condition':'" + overBudget() + "'},'steps':[{'id':'a','type':'exit'}]}"));
        DefinitionCache otherReplica = new DefinitionCache(store, new MongoConditionFlags(database));
        assertThat(otherReplica.lastOverBudget(journeyId, 1)).isEmpty();
        String before = given().header("X-API-Key", Scenario.ANALYST).get("/journeys/" + journeyId).then()
                .statusCode(200).extract().path("conditionStatus");
        assertThat(before).isEqualTo("ok");

        String profileId = unique("p");
        sendTrack(kafka, profileId, profile(profileId + "@example.com", null, Map.of()), unique("m"), event, Map.of(),
                Instant.now());

        await().atMost(Duration.ofSeconds(30)).until(() -> "over_budget".equals(given()
                .header("X-API-Key", Scenario.ANALYST).get("/journeys/" + journeyId).then().statusCode(200)
                .extract().path("conditionStatus")));
        definitions.shareFlags();

        Optional<Condition.OverBudget> shared = otherReplica.lastOverBudget(journeyId, 1);
        assertThat(shared).as("read from MongoDB by an instance that never evaluated it").isPresent();
        assertThat(shared.get().condition()).isEqualTo(overBudget());
        assertThat(shared.get().reason()).isNotBlank();
        String lastError = given().header("X-API-Key", Scenario.ANALYST).get("/journeys/" + journeyId).then()
                .statusCode(200).extract().path("lastError");
        assertThat(lastError).contains(shared.get().reason());

        // An older flag never replaces a later one.
        new MongoConditionFlags(database).record(journeyId, 1,
                new Condition.OverBudget("older", "older", shared.get().at().minusSeconds(60)));
        assertThat(otherReplica.lastOverBudget(journeyId, 1).get().condition()).isEqualTo(overBudget());
        Scenario.archive(journeyId);
    }
}
