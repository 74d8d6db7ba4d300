package io.omnijourney.ingest.adapter.mongo;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.omnijourney.kit.mongo.Migration;
import io.omnijourney.kit.mongo.Migration.IndexChanges;
import java.util.List;

/**
 * ingest-service's schema, as the ordered list of migrations the {@code MigrationRunner} applies (at start-up or by
 * the migration Job, {@code omnijourney.ingest.mongo.migrations}). Released ids never change; a new index or drop is
 * a new entry at the end.
 */
public final class IngestMigrations {

    private IngestMigrations() {
    }

    public static List<Migration> all() {
        return List.of(new Migration("ingest-0001-source-key-indexes", "sources: write keys, current and previous",
                IndexChanges.create(MongoSourceStore.COLLECTION,
                        // One source per key (a collision of 256-bit random keys would be refused, never shared),
                        // and every tracking request's lookup by key.
                        new IndexModel(Indexes.ascending("keyHash"),
                                new IndexOptions().unique(true).name("keyHash_unique")),
                        // The lookup of a key during its rotation grace period.
                        new IndexModel(Indexes.ascending("previousKeyHash"),
                                new IndexOptions().name("previousKeyHash")))),
                new Migration("ingest-0002-qr-code-source-index", "qr_codes: a source's codes in creation order",
                        IndexChanges.create(MongoQrCodeStore.COLLECTION,
                                new IndexModel(Indexes.ascending("sourceId", "createdAt"),
                                        new IndexOptions().name("sourceId_createdAt")))));
    }
}
