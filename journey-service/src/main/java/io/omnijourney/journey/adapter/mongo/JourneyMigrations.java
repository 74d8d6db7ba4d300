package io.omnijourney.journey.adapter.mongo;

import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.app.StatsStore;
import io.omnijourney.kit.mongo.Migration;
import io.omnijourney.kit.mongo.Migration.IndexChanges;
import java.util.ArrayList;
import java.util.List;

/**
 * journey-service's schema and one-off data passes, as the ordered list of migrations the {@code MigrationRunner}
 * applies (at start-up before the timers, the relay and the consumer, or by the migration Job,
 * {@code omnijourney.journey.mongo.migrations}). Released ids never change; a new index, drop or pass is a new entry
 * at the end. The index definitions stay beside the queries they serve.
 */
public final class JourneyMigrations {

    private JourneyMigrations() {
    }

    /**
     * Every migration, in order. The exact-key indexes of {@link LocalServerWorkarounds} are created only where the
     * workarounds are on; where they are off (real MongoDB) they are dropped, since earlier versions created them
     * everywhere and they are rewritten on nearly every write for nothing.
     */
    public static List<Migration> all(LocalServerWorkarounds workarounds, ProfileCache profiles, StatsStore counters) {
        List<Migration> migrations = new ArrayList<>(List.of(
                new Migration("journey-0001-instances-indexes",
                        "instances: by journey, by profile; drops the indexes earlier versions queried with",
                        // Timers and outboxes are found through the hints (local server) or partial indexes (real
                        // MongoDB, journey-0011), erasure and merges use the (profileId, journeyId) index: the single
                        // profileId, (journeyId, profileId), (status, dueAt) and outboxSince indexes of earlier
                        // versions only cost writes.
                        new IndexChanges("instances", MongoInstanceStore.INDEXES, List.of("profileId_1",
                                "journeyId_1_profileId_1", "status_1_dueAt_1", "outboxSince_1"))),
                new Migration("journey-0003-profiles-segments-index", "profiles: segment members",
                        IndexChanges.create("profiles", MongoProfileCache.SEGMENTS_INDEX))));
        if (workarounds.enabled()) {
            // The local server's path: hints find timers and outboxes, profile documents list live instances.
            migrations.add(new Migration("journey-0002-hints-due-index",
                    "hints: due timers and stale outboxes by kind and time",
                    IndexChanges.create("hints", InstanceHints.DUE_INDEX)));
            migrations.add(new Migration("journey-0004-local-exact-key-index-instances",
                    "instances: unique (_id, revision) for the local server's conditional writes",
                    IndexChanges.create("instances", LocalServerWorkarounds.exactKeyIndex("revision", "id_revision"))));
            migrations.add(new Migration("journey-0005-local-exact-key-index-hints",
                    "hints: unique (_id, rev) for the local server's conditional writes",
                    IndexChanges.create("hints", LocalServerWorkarounds.exactKeyIndex("rev", "id_rev"))));
            migrations.add(new Migration("journey-0008-profile-instance-listing",
                    "profiles: the live instances and entries of instances stored before profiles listed them",
                    // In profile order, one profile's instances together: it cannot resume by _id, and runs again
                    // whole when interrupted (idempotent: $set of one path per instance, entries rewritten whole).
                    new Migration.Task(database -> ProfileInstanceListing.run(database, profiles)))
                    .doneWhereMarked(ProfileInstanceListing.MARKER));
            migrations.add(new Migration("journey-0009-timer-outbox-hints",
                    "hints: the timers and outboxes of instances stored without hints",
                    TimerOutboxHints.pass(workarounds)).doneWhereMarked(TimerOutboxHints.MARKER));
        } else {
            // Real MongoDB's path: partial indexes on instances, a live flag instead of listings and hints.
            migrations.add(new Migration("journey-0006-drop-exact-key-index-instances",
                    "instances: drops the (_id, revision) index real MongoDB does not need",
                    IndexChanges.drop("instances", "id_revision")));
            migrations.add(new Migration("journey-0007-drop-exact-key-index-hints",
                    "hints: drops the (_id, rev) index real MongoDB does not need",
                    IndexChanges.drop("hints", "id_rev")));
            migrations.add(new Migration("journey-0011-instances-partial-indexes",
                    "instances: due timers, pending outboxes and live instances by profile (partial indexes)",
                    new IndexChanges("instances", MongoInstanceStore.pathIndexes(workarounds), List.of())));
            migrations.add(new Migration("journey-0012-live-instance-flags",
                    "instances: the live flag on instances an event can still change; profiles: listings removed",
                    // Two updateMany calls, each idempotent: runs again whole when interrupted.
                    new Migration.Task(LiveInstanceFlags::run)).doneWhereMarked(LiveInstanceFlags.MARKER));
        }
        migrations.add(new Migration("journey-0010-stats-counters",
                "stats: counters started from the instances stored before statistics were counted",
                // Sums kept in memory and written with replace: runs again whole when interrupted, same counters.
                new Migration.Task(database -> StatsCounterPass.run(database, counters)))
                .doneWhereMarked(StatsCounterPass.MARKER));
        migrations.add(new Migration("journey-0013-send-fates-expiry",
                "send_fates: claims of counted fates expire after 180 days",
                IndexChanges.create("send_fates", MongoFateMarks.EXPIRY_INDEX)));
        return List.copyOf(migrations);
    }
}
