package io.omnijourney.journey.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.Date;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Moves, once, data stored with the local-server workarounds on (live instances listed in profile documents) to the
 * real-MongoDB path ({@link FlaggedLiveInstances}): flags every instance an event can still change (active, inside
 * its goal window, or with messages to publish) as {@code live}, then removes the {@code live} maps from the profile
 * documents, then writes a marker in {@code migrations}. Two {@code updateMany}s, idempotent if interrupted (a flag
 * set twice is the same flag). Runs at start-up on the real-MongoDB path only, before the consumer and the timers.
 */
public final class LiveInstanceFlags {

    private static final Logger LOG = Logger.getLogger(LiveInstanceFlags.class);
    public static final String MARKER = "live-instance-flags-v1";

    private LiveInstanceFlags() {
    }

    /** Returns how many instances were flagged (0 when the marker says it already ran). */
    public static long run(MongoDatabase database) {
        MongoCollection<Document> migrations = database.getCollection("migrations");
        if (migrations.find(Filters.eq("_id", MARKER)).first() != null) {
            return 0;
        }
        Date now = new Date();
        long flagged = database.getCollection("instances").updateMany(Filters.and(Filters.ne("profileId", null),
                Filters.ne(LiveInstances.LIVE, true), Filters.or(Filters.eq("status", MongoInstanceStore.ACTIVE),
                        Filters.gt("goalUntil", now), Filters.exists("outbox.0"))),
                Updates.set(LiveInstances.LIVE, true)).getModifiedCount();
        database.getCollection("profiles").updateMany(Filters.exists(LiveInstances.LIVE),
                Updates.unset(LiveInstances.LIVE));
        try {
            migrations.insertOne(new Document("_id", MARKER).append("at", new Date()).append("instances", flagged));
        } catch (MongoWriteException e) {
            // Instances starting together both run the pass (it is idempotent); the first marker stays.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        if (flagged > 0) {
            LOG.infof("flagged %d live instances listed by the local-server path", flagged);
        }
        return flagged;
    }
}
