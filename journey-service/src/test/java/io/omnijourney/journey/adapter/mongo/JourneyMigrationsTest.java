package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import io.omnijourney.kit.mongo.Migration;
import io.omnijourney.kit.mongo.MigrationRunner;
import io.omnijourney.testsupport.MongoTestClient;
import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration list on a database an earlier version left: the indexes the queries need, the ones nothing queries
 * any more dropped, and the one-off passes an earlier version marked done not run again.
 */
class JourneyMigrationsTest {

    private static final String DATABASE = "journey-migrations-test";
    private static final List<String> OBSOLETE = List.of("profileId_1", "journeyId_1_profileId_1", "status_1_dueAt_1",
            "outboxSince_1");
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private MongoDatabase database;

    @BeforeEach
    void anInstallationOfAnEarlierVersion() {
        MongoTestClient.dropDatabase(DATABASE);
        database = MongoTestClient.database(DATABASE);
        database.getCollection("instances").createIndex(Indexes.ascending("profileId"));
        database.getCollection("instances").createIndex(Indexes.ascending("journeyId", "profileId"));
        database.getCollection("instances").createIndex(Indexes.ascending("status", "dueAt"));
        database.getCollection("instances").createIndex(Indexes.ascending("outboxSince"));
    }

    @AfterEach
    void drop() {
        MongoTestClient.dropDatabase(DATABASE);
    }

    @Test
    void theIndexesTheQueriesNeedExistAndThoseOfEarlierVersionsAreDropped() {
        assertThat(names("instances")).containsAll(OBSOLETE);

        MigrationRunner.Report report = run(LocalServerWorkarounds.of(false));

        assertThat(report.applied()).contains("journey-0001-instances-indexes", "journey-0006-drop-exact-key-index-instances",
                "journey-0011-instances-partial-indexes");
        assertThat(names("instances")).contains("journeyId_1", "profileId_1_journeyId_1", IndexedTimers.DUE_INDEX,
                IndexedTimers.OUTBOX_INDEX, LiveInstances.LIVE_INDEX).doesNotContainAnyElementsOf(OBSOLETE);
        assertThat(names("hints")).as("real MongoDB's path keeps no hints").doesNotContain("k_1_at_1");
        assertThat(names("profiles")).contains("segments_1");
        assertThat(names("send_fates")).contains("at_ttl");
        assertThat(run(LocalServerWorkarounds.of(false)).applied()).as("a second run").isEmpty();
    }

    @Test
    void thePassesAnEarlierVersionMarkedDoneAreRecordedWithoutRunningAgain() {
        for (String marker : List.of(ProfileInstanceListing.MARKER, TimerOutboxHints.MARKER, StatsCounterPass.MARKER)) {
            database.getCollection(Migration.LEGACY_MARKERS).insertOne(new Document("_id", marker).append("at",
                    new Date()));
        }
        // An active instance with a timer and no hint: the hints pass, had it run, would write one.
        database.getCollection("instances").insertOne(new Document("_id", "ji-1").append("journeyId", "j-1")
                .append("profileId", "p-1").append("status", MongoInstanceStore.ACTIVE).append("dueAt", new Date())
                .append("revision", 1L).append("updatedAt", new Date()));

        MigrationRunner.Report report = run(LocalServerWorkarounds.ON);

        assertThat(report.alreadyApplied()).containsExactly("journey-0008-profile-instance-listing",
                "journey-0009-timer-outbox-hints", "journey-0010-stats-counters");
        assertThat(database.getCollection("hints").countDocuments()).isZero();
        assertThat(database.getCollection("profiles").countDocuments()).isZero();
    }

    @Test
    void withoutMarkersThePassesRunOnceOverTheDataOfEarlierVersions() {
        // Stored as a version without hints did: the instance with its timer, no hint.
        JourneyInstance waiting = UnitOfWorkTest.instance("ji-1", "j-1", "p-1", T0);
        waiting.dueAt = T0.plusSeconds(3600);
        new MongoInstanceStore(database, LocalServerWorkarounds.ON).insert(waiting, List.of());
        database.getCollection("hints").drop();

        MigrationRunner.Report report = run(LocalServerWorkarounds.ON);

        assertThat(report.applied()).contains("journey-0008-profile-instance-listing",
                "journey-0009-timer-outbox-hints", "journey-0010-stats-counters");
        assertThat(database.getCollection("hints").find(Filters.eq("_id", InstanceHints.timerId("ji-1"))).first())
                .isNotNull();
        assertThat(database.getCollection(MigrationRunner.COLLECTION)
                .find(Filters.eq("_id", "journey-0009-timer-outbox-hints")).first()
                .get("progress", Document.class).getString("lastId")).isEqualTo("ji-1");
    }

    private MigrationRunner.Report run(LocalServerWorkarounds workarounds) {
        return new MigrationRunner(database, Clock.systemUTC(), MigrationRunner.Settings.DEFAULTS).run(
                JourneyMigrations.all(workarounds, new MongoProfileCache(database, workarounds),
                        new MongoStatsStore(database, workarounds)));
    }

    private List<String> names(String collection) {
        return database.getCollection(collection).listIndexes().map(d -> d.getString("name")).into(new ArrayList<>());
    }
}
