package io.omnijourney.kit.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Applies a service's ordered list of {@link Migration}s to its database, each once, recording them in
 * {@value #COLLECTION}: {@code _id} = migration id, {@code startedAt}, {@code finishedAt}, and for a data pass its
 * {@code progress} ({@code lastId}, {@code processed}) written after every batch, which a later run resumes from.
 *
 * <p>One runner at a time per database: a lease document ({@code _id} {@value #LEASE}, owner and expiry) is taken
 * with a conditional upsert, renewed after every migration and batch, and released at the end. Two replicas starting
 * together, or a Job beside a pod in {@code startup} mode, never run the same migration at once; the second waits for
 * the lease (up to {@link Settings#leaseWait()}), then finds the migrations applied. A runner that crashed leaves a
 * lease that expires after {@link Settings#lease()}.
 */
public final class MigrationRunner {

    /** The record of applied migrations and the lease, in each service's own database. */
    public static final String COLLECTION = "schema_migrations";
    /** The lease's {@code _id}; migration ids start with the service's name, so they never collide with it. */
    static final String LEASE = "lease";

    private static final Logger LOG = Logger.getLogger(MigrationRunner.class);
    private static final int INDEX_NOT_FOUND = 27;
    private static final int NAMESPACE_NOT_FOUND = 26;

    /**
     * @param lease     how long a lease lasts without renewal: longer than one batch or one index build's
     *                  {@code createIndexes} call is expected to take, short enough that a crashed runner's lease is
     *                  taken over soon
     * @param leaseWait how long a runner waits for another one's lease before giving up
     */
    public record Settings(Duration lease, Duration leaseWait) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(2), Duration.ofMinutes(5));
    }

    /**
     * What a run did.
     *
     * @param applied         the migrations applied now, in order
     * @param alreadyApplied  those found applied (recorded, or marked by an earlier version)
     * @param leaseHolder     present when another runner held the lease for the whole wait and nothing was run
     */
    public record Report(List<String> applied, List<String> alreadyApplied, Optional<String> leaseHolder) {
        public boolean blocked() {
            return leaseHolder.isPresent();
        }
    }

    private final MongoDatabase database;
    private final MongoCollection<Document> records;
    private final Clock clock;
    private final Settings settings;
    private final String owner;

    public MigrationRunner(MongoDatabase database, Clock clock, Settings settings) {
        this(database, clock, settings, defaultOwner());
    }

    MigrationRunner(MongoDatabase database, Clock clock, Settings settings, String owner) {
        this.database = database;
        this.records = database.getCollection(COLLECTION);
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
    }

    /** Applies, in order, every migration of {@code migrations} not yet applied. */
    public Report run(List<Migration> migrations) {
        requireUniqueIds(migrations);
        if (!awaitLease()) {
            return new Report(List.of(), List.of(), Optional.of(holder()));
        }
        List<String> applied = new ArrayList<>();
        List<String> already = new ArrayList<>();
        try {
            for (Migration migration : migrations) {
                Document record = records.find(Filters.eq("_id", migration.id())).first();
                if (record != null && record.get("finishedAt") != null) {
                    already.add(migration.id());
                } else if (markedByEarlierVersion(migration)) {
                    finish(migration, 0, "marked done by an earlier version");
                    already.add(migration.id());
                } else {
                    apply(migration, record);
                    applied.add(migration.id());
                }
                renewLease();
            }
        } finally {
            records.deleteOne(Filters.and(Filters.eq("_id", LEASE), Filters.eq("owner", owner)));
        }
        return new Report(applied, already, Optional.empty());
    }

    private void apply(Migration migration, Document record) {
        LOG.infof("schema migration %s: %s", migration.id(), migration.description());
        records.updateOne(Filters.eq("_id", migration.id()), Updates.combine(
                Updates.setOnInsert("startedAt", now()), Updates.set("description", migration.description()),
                Updates.set("lastStartedAt", now()), Updates.set("owner", owner), Updates.inc("attempts", 1)),
                new UpdateOptions().upsert(true));
        long processed;
        if (migration.step() instanceof Migration.IndexChanges indexes) {
            processed = applyIndexes(indexes);
        } else if (migration.step() instanceof Migration.DataPass pass) {
            processed = applyPass(migration.id(), pass, record);
        } else {
            processed = ((Migration.Task) migration.step()).work().run(database);
        }
        finish(migration, processed, null);
    }

    private long applyIndexes(Migration.IndexChanges step) {
        MongoCollection<Document> collection = database.getCollection(step.collection());
        if (!step.create().isEmpty()) {
            collection.createIndexes(step.create());
        }
        for (String name : step.drop()) {
            try {
                collection.dropIndex(name);
                LOG.infof("dropped index %s on %s", name, step.collection());
            } catch (MongoCommandException e) {
                // Already gone (never created here, or dropped by a run that crashed before recording): the goal is
                // met either way.
                if (e.getErrorCode() != INDEX_NOT_FOUND && e.getErrorCode() != NAMESPACE_NOT_FOUND) {
                    throw e;
                }
            }
        }
        return step.create().size() + step.drop().size();
    }

    private long applyPass(String id, Migration.DataPass pass, Document record) {
        Document progress = record == null ? null : record.get("progress", Document.class);
        Object lastId = progress == null ? null : progress.get("lastId");
        long processed = progress == null ? 0 : ((Number) progress.getOrDefault("processed", 0L)).longValue();
        if (lastId != null) {
            LOG.infof("schema migration %s resumes after %d documents", id, processed);
        }
        MongoCollection<Document> collection = database.getCollection(pass.collection());
        while (true) {
            Bson filter = lastId == null ? pass.filter() : Filters.and(pass.filter(), Filters.gt("_id", lastId));
            List<Document> batch = collection.find(filter).sort(Sorts.ascending("_id")).limit(pass.batchSize())
                    .into(new ArrayList<>());
            if (batch.isEmpty()) {
                return processed;
            }
            pass.handler().handle(database, batch);
            lastId = batch.get(batch.size() - 1).get("_id");
            processed += batch.size();
            records.updateOne(Filters.eq("_id", id), Updates.set("progress",
                    new Document("lastId", lastId).append("processed", processed).append("at", now())));
            renewLease();
        }
    }

    private void finish(Migration migration, long processed, String note) {
        Bson update = Updates.combine(Updates.setOnInsert("startedAt", now()),
                Updates.set("description", migration.description()), Updates.set("finishedAt", now()),
                Updates.set("processed", processed));
        if (note != null) {
            update = Updates.combine(update, Updates.set("note", note));
        }
        records.updateOne(Filters.eq("_id", migration.id()), update, new UpdateOptions().upsert(true));
    }

    private boolean markedByEarlierVersion(Migration migration) {
        return migration.legacyMarker().isPresent() && database.getCollection(Migration.LEGACY_MARKERS)
                .find(Filters.eq("_id", migration.legacyMarker().get())).first() != null;
    }

    private boolean awaitLease() {
        Instant giveUp = clock.instant().plus(settings.leaseWait());
        while (!tryLease()) {
            Duration left = Duration.between(clock.instant(), giveUp);
            if (left.isNegative() || left.isZero()) {
                return false;
            }
            LOG.infof("schema migrations: waiting for the lease held by %s", holder());
            try {
                Thread.sleep(Math.min(1_000, left.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void renewLease() {
        if (!tryLease()) {
            throw new IllegalStateException("schema migrations: the lease expired and " + holder()
                    + " took it over; stopping so that no migration runs twice at once");
        }
    }

    /** Takes the lease when it is free, expired or already ours; a duplicate key means another owner holds it. */
    private boolean tryLease() {
        Date now = now();
        try {
            records.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", LEASE),
                            Filters.or(Filters.eq("owner", owner), Filters.lt("expiresAt", now))),
                    Updates.combine(Updates.set("owner", owner),
                            Updates.set("expiresAt", Date.from(now.toInstant().plus(settings.lease())))),
                    new FindOneAndUpdateOptions().upsert(true));
            return true;
        } catch (MongoException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private String holder() {
        Document lease = records.find(Filters.eq("_id", LEASE)).first();
        return lease == null ? "nobody" : String.valueOf(lease.get("owner"));
    }

    private Date now() {
        return Date.from(clock.instant());
    }

    private static void requireUniqueIds(List<Migration> migrations) {
        Set<String> seen = new HashSet<>();
        for (Migration migration : migrations) {
            if (!seen.add(migration.id()) || LEASE.equals(migration.id())) {
                throw new IllegalArgumentException("migration id used twice or reserved: " + migration.id());
            }
        }
    }

    private static String defaultOwner() {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "local" : host) + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
