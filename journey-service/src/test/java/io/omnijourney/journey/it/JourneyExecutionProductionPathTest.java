package io.omnijourney.journey.it;

import static io.omnijourney.journey.it.Scenario.profile;
import static io.omnijourney.journey.it.Scenario.sendTrack;
import static io.omnijourney.journey.it.Scenario.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.journey.app.ExampleJourneys;
import io.omnijourney.journey.domain.JourneyInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of {@link JourneyExecutionTest} on the production path: the service started with
 * {@code omnijourney.journey.mongo.local-server-workarounds=false}, as against real MongoDB (no hints: due timers and
 * stale outboxes by queries on {@code instances}; live instances flagged on the instances, not listed in profile
 * documents), served by the local server, which scans where real MongoDB uses the partial indexes.
 */
@QuarkusTest
@TestProfile(JourneyExecutionProductionPathTest.ProductionPath.class)
class JourneyExecutionProductionPathTest extends JourneyExecutionTest {

    /** The test profile with every local-server workaround off. */
    public static class ProductionPath implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("omnijourney.journey.mongo.local-server-workarounds", "false");
        }
    }

    /** This path has no hints to lose: the instance's own {@code dueAt} is what the scheduler's query finds. */
    @Override
    @Test
    void aTimerStoredWithoutHintByThePreviousVersionFiresAfterTheStartUpPass() {
        String journey = publish(ExampleJourneys.read("abandoned-checkout").deepCopy());
        String pid = unique("p");
        sendTrack(kafka, pid, profile(pid + "@example.com", "+351912222222", Map.of()), unique("m"),
                "Checkout Started", Map.of("checkout_id", "c-9", "total", 20L), t0);
        JourneyInstance waiting = awaitInstance(journey, pid, i -> i.waitKind == JourneyInstance.WaitKind.EVENT);
        assertThat(database.getCollection("hints").find(new Document("_id", "t:" + waiting.id)).first())
                .as("no hint on this path").isNull();
        assertThat(database.getCollection("instances").find(new Document("_id", waiting.id)).first()
                .getBoolean("live")).as("flagged live").isTrue();

        clock.advance(Duration.ofMinutes(61));
        NotificationRequest email = decodeOne(requests.awaitRecords(1, WAIT), pid);
        assertThat(email.templateId()).isEqualTo("checkout-reminder-email");
        awaitInstance(journey, pid, i -> i.stepId.equals("wait-24h"));
    }
}
