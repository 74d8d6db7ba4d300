package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.omnijourney.journey.app.StatCounts;
import io.omnijourney.journey.app.StatsStore;
import java.util.Date;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Starts the statistics counters, once, from the instances stored by a version that computed statistics by reading
 * every instance: one pass over {@code instances}, each counted as a change from nothing ({@link StatCounts}), the
 * sums kept in memory (one entry per journey version and step, not per instance), then written with
 * {@link StatsStore#replace} (set, not added: running it again gives the same counters), then a marker in
 * {@code migrations}. Runs at start-up before the consumer and the timers. Interrupted, it runs again whole at the
 * next start. To count again from the instances (say after a rolling upgrade during which instances of the previous
 * version kept changing instances without counting), delete the marker {@value #MARKER} and restart.
 */
public final class StatsCounterPass {

    private static final Logger LOG = Logger.getLogger(StatsCounterPass.class);
    static final String MARKER = "stats-counters-v1";

    private StatsCounterPass() {
    }

    /** Returns how many instances were counted (0 when the marker says it already ran). */
    public static int run(MongoDatabase database, StatsStore counters) {
        MongoCollection<Document> migrations = database.getCollection("migrations");
        if (migrations.find(Filters.eq("_id", MARKER)).first() != null) {
            return 0;
        }
        StatCounts counts = new StatCounts();
        int counted = 0;
        for (Document d : database.getCollection("instances").find()) {
            counts.add(null, InstanceDocuments.read(d).instance());
            counted++;
        }
        counters.replace(counts);
        try {
            migrations.insertOne(new Document("_id", MARKER).append("at", new Date()).append("instances", counted));
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        if (counted > 0) {
            LOG.infof("statistics counters started from %d existing instances", counted);
        }
        return counted;
    }
}
