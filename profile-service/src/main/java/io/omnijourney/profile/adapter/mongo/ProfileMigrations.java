package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import io.omnijourney.kit.mongo.Migration;
import io.omnijourney.kit.mongo.Migration.IndexChanges;
import java.util.ArrayList;
import java.util.List;

/**
 * profile-service's schema, as the ordered list of migrations the {@code MigrationRunner} applies (at start-up or by
 * the migration Job, {@code omnijourney.profile.mongo.migrations}). Released ids never change; a new index or drop is
 * a new entry at the end.
 */
public final class ProfileMigrations {

    /** The exact-key index the local server needs for conditional profile writes; real MongoDB uses {@code _id}. */
    static final String PROFILES_EXACT_KEY = "_id_1_version_1";

    private ProfileMigrations() {
    }

    /**
     * Every migration, in order. The exact-key index of {@link LocalServerWorkarounds} is created only where the
     * workarounds are on; where they are off (real MongoDB) it is dropped, since earlier versions created it everywhere
     * and it is rewritten on every profile write for nothing.
     */
    public static List<Migration> all(LocalServerWorkarounds local) {
        List<Migration> migrations = new ArrayList<>(List.of(
                new Migration("profile-0001-profiles-indexes", "profiles: redirects by mergedInto, segment members",
                        IndexChanges.create(MongoProfileStore.COLLECTION,
                                // Finds the redirects into a profile (support, audits); every write path goes by _id.
                                new IndexModel(Indexes.ascending("mergedInto")),
                                // Segment members, by id (GET /segments/{id}/members).
                                new IndexModel(Indexes.ascending("segments", ProfileDocuments.ID)))),
                new Migration("profile-0002-identifiers-profile-index", "identifiers: a profile's entries",
                        // Erasure requests and index repair list a profile's entries.
                        IndexChanges.create(MongoIdentityIndex.COLLECTION,
                                new IndexModel(Indexes.ascending("profileId")))),
                new Migration("profile-0003-timeline-id-index",
                        "timeline: page and trim sort with _id, CX metrics; drops the sort index it replaced",
                        new IndexChanges(MongoTimelineStore.COLLECTION, List.of(
                                // A person's entries newest first, ties broken by _id: the page query and the trim
                                // sort on exactly this, so real MongoDB walks the index instead of sorting up to
                                // 10,000 documents in memory.
                                new IndexModel(Indexes.compoundIndex(Indexes.ascending("profileId"),
                                        Indexes.descending("timestamp"), Indexes.descending("_id"))),
                                // Survey responses over a window (CX metrics).
                                new IndexModel(Indexes.compoundIndex(Indexes.ascending("eventName"),
                                        Indexes.ascending("timestamp")))),
                                List.of("profileId_1_timestamp_-1"))),
                new Migration("profile-0004-erasure-indexes", "erasures: open requests by age",
                        // The relay looks for open requests, oldest first.
                        IndexChanges.create(MongoErasureRequests.COLLECTION, new IndexModel(Indexes.compoundIndex(
                                Indexes.ascending("open"), Indexes.ascending("requestedAt"))))),
                new Migration("profile-0005-erasure-ack-index", "erasure_acks: acknowledgements of a request",
                        IndexChanges.create(MongoErasureAckLog.COLLECTION,
                                new IndexModel(Indexes.ascending("erasureId"))))));
        if (local.enabled()) {
            migrations.add(new Migration("profile-0006-local-exact-key-index",
                    "profiles: unique (_id, version) for the local server's conditional writes",
                    IndexChanges.create(MongoProfileStore.COLLECTION,
                            LocalServerWorkarounds.exactKeyIndex(ProfileDocuments.ID, ProfileDocuments.VERSION))));
        } else {
            migrations.add(new Migration("profile-0007-drop-exact-key-index",
                    "profiles: drops the (_id, version) index real MongoDB does not need",
                    IndexChanges.drop(MongoProfileStore.COLLECTION, PROFILES_EXACT_KEY)));
        }
        migrations.add(new Migration("profile-0008-metric-buckets-index", "metric_buckets: a series' buckets by time",
                IndexChanges.create(MongoMetricBuckets.COLLECTION, MongoMetricBuckets.SERIES_TIME_INDEX)));
        if (local.enabled()) {
            migrations.add(new Migration("profile-0009-local-timeline-index",
                    "timeline_local_index: the entries already in the timeline, listed per profile for the local server",
                    new Migration.Task(LocalTimelineIndex::rebuild)));
        }
        return List.copyOf(migrations);
    }
}
