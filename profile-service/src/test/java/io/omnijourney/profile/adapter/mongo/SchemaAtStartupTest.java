package io.omnijourney.profile.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import io.omnijourney.contract.Topics;
import io.omnijourney.kit.mongo.MigrationRunner;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestClient;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The service started in {@code startup} mode on a database an earlier version left: by the time it is up, every
 * migration is recorded as applied, the indexes exist, and the index the timeline's sort index replaced is gone.
 */
@QuarkusTest
@TestProfile(SchemaAtStartupTest.EarlierVersionsDatabase.class)
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.TOUCHPOINTS + ":3," + Topics.TOUCHPOINTS_DLQ + ":1," + Topics.PROFILE_EVENTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class SchemaAtStartupTest {

    static final String DATABASE = "profile-schema-at-startup";

    public static class EarlierVersionsDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("omnijourney.profile.database", DATABASE, "omnijourney.profile.consumer.enabled", "false",
                    "omnijourney.profile.mongo.migrations", "startup");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ObsoleteIndex.class));
        }
    }

    /** Before the service starts: the timeline as an earlier version indexed it. */
    public static class ObsoleteIndex implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            MongoTestClient.dropDatabase(DATABASE);
            MongoTestClient.database(DATABASE).getCollection(MongoTimelineStore.COLLECTION).createIndex(
                    Indexes.compoundIndex(Indexes.ascending("profileId"), Indexes.descending("timestamp")));
            return Map.of();
        }

        @Override
        public void stop() {
            MongoTestClient.dropDatabase(DATABASE);
        }
    }

    @Test
    void everyMigrationIsAppliedBeforeTheServiceIsUp() {
        MongoDatabase database = MongoTestClient.database(DATABASE);

        List<String> recorded = database.getCollection(MigrationRunner.COLLECTION)
                .find(Filters.exists("finishedAt")).map(d -> d.getString("_id")).into(new ArrayList<>());

        assertThat(recorded).containsExactlyInAnyOrderElementsOf(
                ProfileMigrations.all(new LocalServerWorkarounds(true)).stream().map(m -> m.id()).toList());
        assertThat(names(database, MongoTimelineStore.COLLECTION)).contains("profileId_1_timestamp_-1__id_-1",
                "eventName_1_timestamp_1").doesNotContain("profileId_1_timestamp_-1");
        assertThat(names(database, MongoProfileStore.COLLECTION)).contains("mergedInto_1", "segments_1__id_1",
                ProfileMigrations.PROFILES_EXACT_KEY);
        assertThat(names(database, MongoIdentityIndex.COLLECTION)).contains("profileId_1");
        assertThat(names(database, MongoErasureRequests.COLLECTION)).contains("open_1_requestedAt_1");
        assertThat(names(database, MongoErasureAckLog.COLLECTION)).contains("erasureId_1");
    }

    private static List<String> names(MongoDatabase database, String collection) {
        List<String> names = new ArrayList<>();
        database.getCollection(collection).listIndexes().forEach((Document d) -> names.add(d.getString("name")));
        return names;
    }
}
