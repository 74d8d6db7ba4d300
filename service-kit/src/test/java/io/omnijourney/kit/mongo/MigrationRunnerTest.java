package io.omnijourney.kit.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.omnijourney.testsupport.MongoTestClient;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The migration runner against the test MongoDB server: order, once only, resumed passes, the lease, the modes. */
class MigrationRunnerTest {

    private static final String DATABASE = "kit-migrations";
    private static final MigrationRunner.Settings NO_WAIT = new MigrationRunner.Settings(Duration.ofMinutes(2),
            Duration.ZERO);

    private MongoDatabase database;

    @BeforeEach
    void freshDatabase() {
        database = MongoTestClient.database(DATABASE);
        database.drop();
    }

    @AfterEach
    void drop() {
        MongoTestClient.dropDatabase(DATABASE);
    }

    @Test
    void migrationsAreAppliedInListOrderAndEachOnlyOnce() {
        List<String> ran = new ArrayList<>();
        List<Migration> migrations = List.of(
                new Migration("t-0001-index", "an index", Migration.IndexChanges.create("things",
                        new IndexModel(Indexes.ascending("color")))),
                new Migration("t-0002-first", "first task", new Migration.Task(db -> {
                    ran.add("first");
                    return 0;
                })),
                new Migration("t-0003-second", "second task", new Migration.Task(db -> {
                    ran.add("second");
                    return 0;
                })));

        MigrationRunner.Report first = runner("a").run(migrations);
        MigrationRunner.Report second = runner("b").run(migrations);

        assertThat(first.applied()).containsExactly("t-0001-index", "t-0002-first", "t-0003-second");
        assertThat(second.applied()).isEmpty();
        assertThat(second.alreadyApplied()).containsExactly("t-0001-index", "t-0002-first", "t-0003-second");
        assertThat(ran).containsExactly("first", "second");
        assertThat(indexNames("things")).contains("color_1");
        Document record = records().find(Filters.eq("_id", "t-0002-first")).first();
        assertThat(record.getDate("startedAt")).isNotNull();
        assertThat(record.getDate("finishedAt")).isNotNull();
        assertThat(records().countDocuments(Filters.eq("_id", MigrationRunner.LEASE))).isZero();
    }

    @Test
    void aDataPassInterruptedByACrashResumesFromItsRecordedProgressAndHandlesEveryDocumentOnce() {
        for (int i = 0; i < 10; i++) {
            database.getCollection("things").insertOne(new Document("_id", String.format("d%02d", i)).append("seen", 0));
        }
        AtomicInteger batches = new AtomicInteger();
        Migration.BatchHandler crashingOnTheThirdBatch = (db, batch) -> {
            if (batches.incrementAndGet() == 3) {
                throw new IllegalStateException("the pod was killed");
            }
            mark(db, batch);
        };
        assertThatThrownBy(() -> runner("a").run(List.of(pass(crashingOnTheThirdBatch))))
                .hasMessageContaining("killed");
        Document progress = records().find(Filters.eq("_id", "t-0001-pass")).first().get("progress", Document.class);
        assertThat(progress.getString("lastId")).isEqualTo("d05");
        assertThat(records().find(Filters.eq("_id", "t-0001-pass")).first().getDate("finishedAt")).isNull();

        List<String> secondRunSaw = new ArrayList<>();
        MigrationRunner.Report report = runner("b").run(List.of(pass((db, batch) -> {
            batch.forEach(d -> secondRunSaw.add(d.getString("_id")));
            mark(db, batch);
        })));

        assertThat(report.applied()).containsExactly("t-0001-pass");
        assertThat(secondRunSaw).containsExactly("d06", "d07", "d08", "d09");
        assertThat(database.getCollection("things").find().map(d -> d.getInteger("seen")).into(new ArrayList<>()))
                .hasSize(10).containsOnly(1);
        assertThat(records().find(Filters.eq("_id", "t-0001-pass")).first().getLong("processed")).isEqualTo(10);
    }

    @Test
    void aSecondRunnerIsKeptOutByTheLeaseWhileTheFirstRuns() {
        AtomicReference<MigrationRunner.Report> whileHeld = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        List<Migration> others = List.of(new Migration("t-0002-other", "other", new Migration.Task(db -> {
            runs.incrementAndGet();
            return 0;
        })));
        Migration startsASecondRunner = new Migration("t-0001-holder", "runs a second runner",
                new Migration.Task(db -> {
                    whileHeld.set(runner("b").run(others));
                    return 0;
                }));

        runner("a").run(List.of(startsASecondRunner));

        assertThat(whileHeld.get().blocked()).isTrue();
        assertThat(whileHeld.get().leaseHolder()).contains("a");
        assertThat(whileHeld.get().applied()).isEmpty();
        assertThat(runs).hasValue(0);
        assertThat(records().find(Filters.eq("_id", "t-0002-other")).first()).isNull();
        assertThat(runner("b").run(others).applied()).containsExactly("t-0002-other");
    }

    @Test
    void aLeaseLeftByACrashedRunnerIsTakenOverOnceExpired() {
        records().insertOne(new Document("_id", MigrationRunner.LEASE).append("owner", "crashed")
                .append("expiresAt", new Date(System.currentTimeMillis() - 1_000)));

        MigrationRunner.Report report = runner("b").run(List.of(new Migration("t-0001-x", "x",
                new Migration.Task(db -> 0))));

        assertThat(report.blocked()).isFalse();
        assertThat(report.applied()).containsExactly("t-0001-x");
    }

    @Test
    void droppingAnIndexThatDoesNotExistIsNotAnError() {
        database.getCollection("things").insertOne(new Document("_id", 1));
        database.getCollection("things").createIndex(Indexes.ascending("old"));

        MigrationRunner.Report report = runner("a").run(List.of(new Migration("t-0001-drops", "drops",
                        Migration.IndexChanges.drop("things", "old_1", "never_created_1")),
                new Migration("t-0002-drops", "drops on a collection that does not exist",
                        Migration.IndexChanges.drop("nothing_here", "old_1"))));

        assertThat(report.applied()).containsExactly("t-0001-drops", "t-0002-drops");
        assertThat(indexNames("things")).doesNotContain("old_1").contains("_id_");
    }

    @Test
    void aMigrationAnEarlierVersionMarkedDoneIsRecordedWithoutRunning() {
        database.getCollection(Migration.LEGACY_MARKERS).insertOne(new Document("_id", "old-pass-v1"));
        AtomicInteger runs = new AtomicInteger();

        MigrationRunner.Report report = runner("a").run(List.of(new Migration("t-0001-pass", "the old pass",
                new Migration.Task(db -> runs.incrementAndGet())).doneWhereMarked("old-pass-v1")));

        assertThat(runs).hasValue(0);
        assertThat(report.alreadyApplied()).containsExactly("t-0001-pass");
        assertThat(records().find(Filters.eq("_id", "t-0001-pass")).first().getDate("finishedAt")).isNotNull();
    }

    @Test
    void skipModeDoesNotTouchTheDatabase() {
        boolean goOn = new MigrationStart(code -> {
            throw new AssertionError("no exit in skip mode");
        }).apply(MigrationMode.SKIP, database, Clock.systemUTC(), List.of(new Migration("t-0001-index", "an index",
                Migration.IndexChanges.create("things", new IndexModel(Indexes.ascending("color"))))));

        assertThat(goOn).isTrue();
        assertThat(database.listCollectionNames().into(new ArrayList<>())).isEmpty();
    }

    @Test
    void jobModeAppliesTheMigrationsThenExitsWithoutStartingTheRest() {
        AtomicInteger exitCode = new AtomicInteger(-1);

        boolean goOn = new MigrationStart(exitCode::set).apply(MigrationMode.JOB, database, Clock.systemUTC(),
                List.of(new Migration("t-0001-index", "an index", Migration.IndexChanges.create("things",
                        new IndexModel(Indexes.ascending("color"))))));

        assertThat(goOn).isFalse();
        assertThat(exitCode).hasValue(0);
        assertThat(indexNames("things")).contains("color_1");
    }

    @Test
    void startUpWaitsOutAMongoTimeoutInAMigrationAndAppliesItOnce() {
        AtomicInteger attempts = new AtomicInteger();
        Migration slowFirstTime = new Migration("t-0001-slow", "times out once", new Migration.Task(db -> {
            if (attempts.incrementAndGet() == 1) {
                throw new MongoSocketReadTimeoutException("Timeout while receiving message", new ServerAddress(),
                        new SocketTimeoutException("Read timed out"));
            }
            return 0;
        }));

        boolean goOn = new MigrationStart(code -> {
            throw new AssertionError("no exit in startup mode");
        }).apply(MigrationMode.STARTUP, database, Clock.systemUTC(), List.of(slowFirstTime));

        assertThat(goOn).isTrue();
        assertThat(attempts).hasValue(2);
        assertThat(records().find(Filters.eq("_id", "t-0001-slow")).first().getDate("finishedAt")).isNotNull();
        assertThat(records().countDocuments(Filters.eq("_id", MigrationRunner.LEASE))).isZero();
    }

    @Test
    void anIdUsedTwiceIsRefusedBeforeAnythingRuns() {
        Migration once = new Migration("t-0001-x", "x", new Migration.Task(db -> 0));

        assertThatThrownBy(() -> runner("a").run(List.of(once, once))).isInstanceOf(IllegalArgumentException.class);
        assertThat(database.listCollectionNames().into(new ArrayList<>())).isEmpty();
    }

    private static Migration pass(Migration.BatchHandler handler) {
        return new Migration("t-0001-pass", "marks every thing", Migration.DataPass.over("things", 3, handler));
    }

    private static void mark(MongoDatabase db, List<Document> batch) {
        db.getCollection("things").bulkWrite(batch.stream()
                .map(d -> new UpdateOneModel<Document>(Filters.eq("_id", d.get("_id")), Updates.inc("seen", 1)))
                .toList());
    }

    private MigrationRunner runner(String owner) {
        return new MigrationRunner(database, Clock.systemUTC(), NO_WAIT, owner);
    }

    private com.mongodb.client.MongoCollection<Document> records() {
        return database.getCollection(MigrationRunner.COLLECTION);
    }

    private List<String> indexNames(String collection) {
        return database.getCollection(collection).listIndexes().map(d -> d.getString("name")).into(new ArrayList<>());
    }
}
