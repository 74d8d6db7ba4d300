package io.omnijourney.notification.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.omnijourney.contract.Topics;
import io.omnijourney.kit.mongo.MigrationRunner;
import io.omnijourney.notification.support.ProvidersTestResource;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The service started in {@code startup} mode (the default; the test profile has the local-server workarounds on):
 * by the time it is up, every migration is recorded as applied and every index exists, the TTL on daily caps and the
 * exact-key indexes the local server needs included.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.NOTIFICATION_REQUESTS + ":3," + Topics.NOTIFICATION_REQUESTS_DLQ + ":1," + Topics.TOUCHPOINTS
                + ":3," + Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1"))
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(ProvidersTestResource.class)
class SchemaAtStartupTest {

    @Inject
    MongoDatabase database;

    @Test
    void everyMigrationIsAppliedBeforeTheServiceIsUp() {
        List<String> recorded = database.getCollection(MigrationRunner.COLLECTION)
                .find(Filters.exists("finishedAt")).map(d -> d.getString("_id")).into(new ArrayList<>());

        assertThat(recorded).containsAll(NotificationMigrations.all(new LocalServerWorkarounds(true)).stream()
                .map(m -> m.id()).toList());
        assertThat(names("ledger")).contains("profileId_1_createdAt_-1", NotificationMigrations.LEDGER_EXACT_KEY);
        assertThat(names("profiles")).contains(NotificationMigrations.PROFILES_EXACT_KEY);
        assertThat(names("daily_caps")).contains("profileId_1", "expireAt_1");
        assertThat(names("inbox")).contains("profileId_1_createdAt_-1");
        assertThat(names("links")).contains("profileId_1");
        assertThat(names("templates")).contains("templateId_1");
    }

    private List<String> names(String collection) {
        List<String> names = new ArrayList<>();
        database.getCollection(collection).listIndexes().forEach((Document d) -> names.add(d.getString("name")));
        return names;
    }
}
