package io.omnijourney.kit.mongo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One versioned change to a service's database, applied once by the {@link MigrationRunner} and recorded in
 * {@value MigrationRunner#COLLECTION}. The id names the service, a sequence number and what it does
 * ({@code profile-0003-timeline-id-index}); it is the record's key, so it never changes once released.
 *
 * @param id           unique within the service's list, recorded when applied
 * @param description  one line for the log and the record
 * @param step         what it does
 * @param legacyMarker the {@code _id} of a marker an earlier version wrote in the {@value #LEGACY_MARKERS} collection
 *                     when it ran the same change at start-up; where that marker exists the migration is recorded as
 *                     applied without running again
 */
public record Migration(String id, String description, Step step, Optional<String> legacyMarker) {

    /** Where earlier versions marked their one-off start-up passes as done. */
    public static final String LEGACY_MARKERS = "migrations";

    public Migration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(legacyMarker, "legacyMarker");
    }

    public Migration(String id, String description, Step step) {
        this(id, description, step, Optional.empty());
    }

    /** The same migration, counted as applied where an earlier version left {@code marker} in {@value #LEGACY_MARKERS}. */
    public Migration doneWhereMarked(String marker) {
        return new Migration(id, description, step, Optional.of(marker));
    }

    /** What a migration does. */
    public sealed interface Step permits IndexChanges, DataPass, Task {
    }

    /**
     * Indexes on one collection: {@code create} is one {@code createIndexes} command (an index that exists with the
     * same definition is left alone), then each of {@code drop} is dropped by name (one already gone, or a collection
     * that does not exist, is fine).
     */
    public record IndexChanges(String collection, List<IndexModel> create, List<String> drop) implements Step {
        public IndexChanges {
            create = List.copyOf(create);
            drop = List.copyOf(drop);
        }

        public static IndexChanges create(String collection, IndexModel... indexes) {
            return new IndexChanges(collection, List.of(indexes), List.of());
        }

        public static IndexChanges drop(String collection, String... names) {
            return new IndexChanges(collection, List.of(), List.of(names));
        }
    }

    /**
     * A pass over the documents of one collection matching {@code filter}, in {@code _id} order, {@code batchSize} at
     * a time. After each batch the last {@code _id} handled is recorded, and a run interrupted (a crash, a pod
     * replaced) resumes after it. A batch interrupted midway is handled again whole, so the handler must be
     * idempotent per document (an upsert, a {@code $set}, not an {@code $inc}).
     */
    public record DataPass(String collection, Bson filter, int batchSize, BatchHandler handler) implements Step {
        public DataPass {
            Objects.requireNonNull(filter, "filter");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
            }
        }

        public static DataPass over(String collection, int batchSize, BatchHandler handler) {
            return new DataPass(collection, Filters.empty(), batchSize, handler);
        }
    }

    /**
     * A step that cannot be split into batches by {@code _id} (say, sums kept in memory and written at the end).
     * Interrupted, it runs again whole, so it must give the same result when repeated.
     */
    public record Task(Work work) implements Step {
    }

    /** Handles one batch of a {@link DataPass}. */
    @FunctionalInterface
    public interface BatchHandler {
        void handle(MongoDatabase database, List<Document> batch);
    }

    /** The work of a {@link Task}; returns how many documents it handled, for the record. */
    @FunctionalInterface
    public interface Work {
        long run(MongoDatabase database);
    }
}
