package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Writes, once, the timer and outbox hints of instances stored by a version without hints: one pass over
 * {@code instances} (active instances with a timer, and non-empty outboxes), then a marker in {@code migrations} so
 * that it never runs again. Runs at start-up before the timers and the relay; idempotent if interrupted (a hint is an
 * upsert, and a hint for an instance that needs none is removed when read).
 */
public final class TimerOutboxHints {

    private static final Logger LOG = Logger.getLogger(TimerOutboxHints.class);
    public static final String MARKER = "timer-outbox-hints-v1";
    private static final int BATCH = 500;

    private TimerOutboxHints() {
    }

    /** Returns how many hints were written (0 when the marker says it already ran). */
    public static int run(MongoDatabase database, LocalServerWorkarounds workarounds) {
        InstanceHints hints = new InstanceHints(database, workarounds);
        MongoCollection<Document> migrations = database.getCollection("migrations");
        if (migrations.find(Filters.eq("_id", MARKER)).first() != null) {
            return 0;
        }
        List<WriteModel<Document>> batch = new ArrayList<>();
        int written = 0;
        for (Document d : database.getCollection("instances").find(Filters.or(
                Filters.eq("status", MongoInstanceStore.ACTIVE), Filters.exists("outbox.0")))
                .projection(Projections.include("_id", "status", "dueAt", "revision", "outboxSince", "updatedAt",
                        "outbox"))) {
            String id = d.getString("_id");
            long revision = InstanceHints.revision(d);
            Date updated = d.getDate("updatedAt");
            if (MongoInstanceStore.ACTIVE.equals(d.getString("status")) && d.getDate("dueAt") != null) {
                batch.add(InstanceHints.timerUpsert(id, d.getDate("dueAt"), revision, updated));
            }
            if (!d.getList("outbox", Document.class, List.of()).isEmpty()) {
                Date since = d.getDate("outboxSince");
                batch.add(InstanceHints.outboxUpsert(id, since == null ? new Date(0) : since, revision, updated));
            }
            if (batch.size() >= BATCH) {
                written += batch.size();
                hints.write(batch);
                batch = new ArrayList<>();
            }
        }
        written += batch.size();
        hints.write(batch);
        try {
            migrations.insertOne(new Document("_id", MARKER).append("at", new Date()).append("hints", written));
        } catch (com.mongodb.MongoWriteException e) {
            // Instances starting together both run the pass (it is idempotent); the first marker stays.
            if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        if (written > 0) {
            LOG.infof("wrote %d timer and outbox hints for instances stored without them", written);
        }
        return written;
    }
}
