package io.omnijourney.profile.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.omnijourney.kit.mongo.MigrationRunner;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration list as real MongoDB gets it (local-server workarounds off): the indexes the queries need, and the
 * indexes earlier versions left that nothing uses any more dropped.
 */
class ProfileMigrationsTest {

    private static final String DATABASE = "profile-migrations";
    private MongoDatabase database;

    @BeforeEach
    void anInstallationOfAnEarlierVersion() {
        MongoTestClient.dropDatabase(DATABASE);
        database = MongoTestClient.database(DATABASE);
        database.getCollection(MongoTimelineStore.COLLECTION).createIndex(
                Indexes.compoundIndex(Indexes.ascending("profileId"), Indexes.descending("timestamp")));
        database.getCollection(MongoProfileStore.COLLECTION).createIndex(Indexes.ascending("_id", "version"),
                new IndexOptions().unique(true));
    }

    @AfterEach
    void drop() {
        MongoTestClient.dropDatabase(DATABASE);
    }

    @Test
    void theTimelineSortIndexIncludesIdAndTheIndexesNoLongerUsedAreDropped() {
        assertThat(names(MongoTimelineStore.COLLECTION)).contains("profileId_1_timestamp_-1");

        MigrationRunner.Report report = run();

        assertThat(report.applied()).contains("profile-0003-timeline-id-index", "profile-0007-drop-exact-key-index")
                .doesNotContain("profile-0006-local-exact-key-index");
        assertThat(names(MongoTimelineStore.COLLECTION)).contains("profileId_1_timestamp_-1__id_-1",
                "eventName_1_timestamp_1").doesNotContain("profileId_1_timestamp_-1");
        assertThat(names(MongoProfileStore.COLLECTION)).contains("mergedInto_1", "segments_1__id_1")
                .doesNotContain(ProfileMigrations.PROFILES_EXACT_KEY);
        assertThat(names(MongoIdentityIndex.COLLECTION)).contains("profileId_1");
        assertThat(names(MongoErasureRequests.COLLECTION)).contains("open_1_requestedAt_1");
        assertThat(names(MongoErasureAckLog.COLLECTION)).contains("erasureId_1");
        assertThat(names(MongoMetricBuckets.COLLECTION)).contains("series_1_at_1");
    }

    @Test
    void aSecondRunFindsEverythingApplied() {
        run();

        MigrationRunner.Report again = run();

        assertThat(again.applied()).isEmpty();
        assertThat(again.alreadyApplied()).hasSize(ProfileMigrations.all(new LocalServerWorkarounds(false)).size());
    }

    private MigrationRunner.Report run() {
        return new MigrationRunner(database, Clock.systemUTC(), MigrationRunner.Settings.DEFAULTS)
                .run(ProfileMigrations.all(new LocalServerWorkarounds(false)));
    }

    private List<String> names(String collection) {
        List<String> names = new ArrayList<>();
        database.getCollection(collection).listIndexes().forEach((Document d) -> names.add(d.getString("name")));
        return names;
    }
}
