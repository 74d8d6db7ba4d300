package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.app.ProfileCache.InstanceRef;
import io.omnijourney.journey.app.ProfileCache.ProfileWrite;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Lists, once, every instance stored before profile documents listed their profile's instances (data written by an
 * earlier version of the service): one pass over {@code instances}, then a marker in {@code migrations} so that it
 * never runs again. Runs at start-up before the consumer and the timers; idempotent if interrupted (listing is a
 * {@code $set} of one path per instance).
 */
public final class ProfileInstanceListing {

    private static final Logger LOG = Logger.getLogger(ProfileInstanceListing.class);
    static final String MARKER = "profile-instance-listing-v1";
    private static final int BATCH = 500;

    private ProfileInstanceListing() {
    }

    /** Returns how many instances were listed (0 when the marker says it already ran). */
    public static int run(MongoDatabase database, ProfileCache profiles) {
        MongoCollection<Document> migrations = database.getCollection("migrations");
        if (migrations.find(Filters.eq("_id", MARKER)).first() != null) {
            return 0;
        }
        Map<String, List<InstanceRef>> batch = new LinkedHashMap<>();
        int listed = 0;
        int pending = 0;
        for (Document d : database.getCollection("instances").find(Filters.ne("profileId", null))
                .projection(Projections.include("_id", "journeyId", "profileId", "enteredAt"))) {
            Date entered = d.getDate("enteredAt");
            batch.computeIfAbsent(d.getString("profileId"), k -> new ArrayList<>()).add(new InstanceRef(
                    d.getString("_id"), d.getString("journeyId"), entered == null ? java.time.Instant.EPOCH
                    : entered.toInstant(), false));
            listed++;
            if (++pending == BATCH) {
                write(profiles, batch);
                pending = 0;
            }
        }
        write(profiles, batch);
        try {
            migrations.insertOne(new Document("_id", MARKER).append("at", new Date()).append("instances", listed));
        } catch (com.mongodb.MongoWriteException e) {
            // Instances starting together both run the pass (it is idempotent); the first marker stays.
            if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        if (listed > 0) {
            LOG.infof("listed %d existing instances in their profiles' documents", listed);
        }
        return listed;
    }

    private static void write(ProfileCache profiles, Map<String, List<InstanceRef>> batch) {
        List<ProfileWrite> writes = new ArrayList<>();
        batch.forEach((profileId, refs) -> writes.add(new ProfileWrite(profileId, null, null, refs, List.of())));
        profiles.write(writes);
        batch.clear();
    }
}
