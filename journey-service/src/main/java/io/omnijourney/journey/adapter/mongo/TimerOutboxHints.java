package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.kit.mongo.Migration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Writes the timer and outbox hints of instances stored by a version without hints: a pass over {@code instances}
 * (active instances with a timer, and non-empty outboxes), a schema migration of {@link JourneyMigrations} that runs
 * before the timers and the relay. Resumable: the runner records the last instance handled after each batch;
 * a batch handled twice writes the same hints (a hint is an upsert, and a hint for an instance that needs none is
 * removed when read). Earlier versions ran it at start-up and marked it {@value #MARKER} in {@code migrations}.
 */
public final class TimerOutboxHints {

    public static final String MARKER = "timer-outbox-hints-v1";
    static final Bson NEEDS_HINTS = Filters.or(Filters.eq("status", MongoInstanceStore.ACTIVE),
            Filters.exists("outbox.0"));
    private static final int BATCH = 500;

    private TimerOutboxHints() {
    }

    /** The pass, writing hints with {@code workarounds} as the instance store does. */
    public static Migration.DataPass pass(LocalServerWorkarounds workarounds) {
        return new Migration.DataPass("instances", NEEDS_HINTS, BATCH,
                (database, batch) -> new InstanceHints(database, workarounds).write(hints(batch)));
    }

    private static List<WriteModel<Document>> hints(List<Document> instances) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Document d : instances) {
            String id = d.getString("_id");
            long revision = InstanceHints.revision(d);
            Date updated = d.getDate("updatedAt");
            if (MongoInstanceStore.ACTIVE.equals(d.getString("status")) && d.getDate("dueAt") != null) {
                writes.add(InstanceHints.timerUpsert(id, d.getDate("dueAt"), revision, updated));
            }
            if (!d.getList("outbox", Document.class, List.of()).isEmpty()) {
                Date since = d.getDate("outboxSince");
                writes.add(InstanceHints.outboxUpsert(id, since == null ? new Date(0) : since, revision, updated));
            }
        }
        return writes;
    }
}
