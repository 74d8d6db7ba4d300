package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.omnijourney.contract.Topics;
import io.omnijourney.kit.mongo.MigrationRunner;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service started in {@code startup} mode (the default; the test profile has the local-server workarounds on):
 * by the time it is up, every migration, the data passes included, is recorded as applied and the indexes exist.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1," + Topics.NOTIFICATION_REQUESTS
                + ":3," + Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class SchemaAtStartupTest {

    @Inject
    MongoDatabase database;

    @Test
    void everyMigrationIsAppliedBeforeTheServiceIsUp() {
        List<String> recorded = database.getCollection(MigrationRunner.COLLECTION)
                .find(Filters.exists("finishedAt")).map(d -> d.getString("_id")).into(new ArrayList<>());

        assertThat(recorded).contains("journey-0001-instances-indexes", "journey-0002-hints-due-index",
                "journey-0003-profiles-segments-index", "journey-0004-local-exact-key-index-instances",
                "journey-0005-local-exact-key-index-hints", "journey-0008-profile-instance-listing",
                "journey-0009-timer-outbox-hints", "journey-0010-stats-counters", "journey-0013-send-fates-expiry");
        assertThat(names("instances")).contains("journeyId_1", "profileId_1_journeyId_1", "id_revision");
        assertThat(names("send_fates")).contains("at_ttl");
        assertThat(names("hints")).contains("k_1_at_1", "id_rev");
        assertThat(names("profiles")).contains("segments_1");
    }

    private List<String> names(String collection) {
        return database.getCollection(collection).listIndexes().map(d -> d.getString("name")).into(new ArrayList<>());
    }
}
