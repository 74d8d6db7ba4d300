package io.omnijourney.kit.mongo;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.kit.messaging.StartupRetries;
import io.quarkus.runtime.Quarkus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * What a service's start-up does with its migrations, by {@link MigrationMode}: the first step of every service's
 * {@code Startup}, so that in {@code startup} mode the indexes and data passes are in place before any consumer or
 * background job starts, and in {@code job} mode nothing else starts at all.
 */
public final class MigrationStart {

    private static final Logger LOG = Logger.getLogger(MigrationStart.class);
    /**
     * How long the migrations wait out a MongoDB outage (a read slower than the service's socket timeout on a loaded
     * machine, an election) before start-up fails; the startup probe allows 120 s.
     */
    private static final Duration OUTAGE_PATIENCE = Duration.ofSeconds(90);

    private final IntConsumer exit;

    /** Exits through Quarkus in {@code job} mode (the process ends with the code once start-up returns). */
    public MigrationStart() {
        this(Quarkus::asyncExit);
    }

    MigrationStart(IntConsumer exit) {
        this.exit = exit;
    }

    /**
     * Applies (or leaves) the migrations as {@code mode} says; true when the service is to go on starting (its
     * consumers, jobs), false in {@code job} mode, where the process exits once they are applied (code 0) or could
     * not be (code 1, after the lease wait: the Job's retry runs it again).
     */
    public boolean apply(MigrationMode mode, MongoDatabase database, Clock clock, List<Migration> migrations) {
        switch (mode) {
            case SKIP -> {
                LOG.info("schema migrations are left to the migration Job (mode skip)");
                return true;
            }
            case STARTUP -> {
                MigrationRunner.Report report = run(database, clock, migrations);
                if (report.blocked()) {
                    throw new IllegalStateException("schema migrations: another runner (" + report.leaseHolder().get()
                            + ") held the lease for the whole wait; start-up stops rather than run without them");
                }
                return true;
            }
            case JOB -> {
                MigrationRunner.Report report = run(database, clock, migrations);
                if (report.blocked()) {
                    LOG.errorf("schema migrations: %s held the lease for the whole wait; nothing was applied",
                            report.leaseHolder().get());
                    exit.accept(1);
                } else {
                    LOG.infof("schema migrations: %d applied, %d already applied; exiting", report.applied().size(),
                            report.alreadyApplied().size());
                    exit.accept(0);
                }
                return false;
            }
            default -> throw new IllegalArgumentException(String.valueOf(mode));
        }
    }

    /**
     * Runs the migrations, again after an outage, with one runner: a lease the interrupted attempt still holds is its
     * own, so the next attempt goes on at once instead of waiting for it to expire.
     */
    private static MigrationRunner.Report run(MongoDatabase database, Clock clock, List<Migration> migrations) {
        MigrationRunner runner = new MigrationRunner(database, clock, MigrationRunner.Settings.DEFAULTS);
        return StartupRetries.untilDone("schema migrations", () -> runner.run(migrations), OUTAGE_PATIENCE);
    }
}
