package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.app.ProfileCache.Entry;
import io.omnijourney.journey.app.ProfileCache.InstanceRef;
import io.omnijourney.journey.app.ProfileCache.ProfileWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * Lists, once, the instances stored before profile documents listed their profile's instances (data written by an
 * earlier version of the service): one pass over {@code instances} in profile order, writing each profile's live
 * instances and its entry records, then a marker in {@code migrations} so that it never runs again. Runs at start-up
 * before the consumer and the timers; idempotent if interrupted (listing is a {@code $set} of one path per instance,
 * an entry record is rewritten whole from all of the profile's instances).
 */
public final class ProfileInstanceListing {

    private static final Logger LOG = Logger.getLogger(ProfileInstanceListing.class);
    static final String MARKER = "profile-instance-listing-v1";
    private static final int BATCH = 500;

    private ProfileInstanceListing() {
    }

    /** Returns how many instances were read (0 when the marker says it already ran). */
    public static int run(MongoDatabase database, ProfileCache profiles) {
        MongoCollection<Document> migrations = database.getCollection("migrations");
        if (migrations.find(Filters.eq("_id", MARKER)).first() != null) {
            return 0;
        }
        List<ProfileWrite> batch = new ArrayList<>();
        int read = 0;
        String profileId = null;
        Map<String, InstanceRef> live = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        Date now = new Date();
        for (Document d : database.getCollection("instances").find(Filters.ne("profileId", null))
                .projection(Projections.include("_id", "journeyId", "profileId", "enteredAt", "status", "goalUntil",
                        "outbox"))
                .sort(Sorts.ascending("profileId"))) {
            if (!d.getString("profileId").equals(profileId)) {
                if (profileId != null) {
                    batch.add(ProfileWrite.listing(profileId, List.copyOf(live.values()), List.copyOf(entries.values())));
                }
                if (batch.size() >= BATCH) {
                    profiles.write(batch);
                    batch.clear();
                }
                profileId = d.getString("profileId");
                live.clear();
                entries.clear();
            }
            read++;
            Date enteredAt = d.getDate("enteredAt");
            Instant entered = enteredAt == null ? Instant.EPOCH : enteredAt.toInstant();
            String id = d.getString("_id");
            String journeyId = d.getString("journeyId");
            Date goal = d.getDate("goalUntil");
            if (MongoInstanceStore.ACTIVE.equals(d.getString("status")) || (goal != null && goal.after(now))
                    || !d.getList("outbox", Document.class, List.of()).isEmpty()) {
                live.put(id, new InstanceRef(id, journeyId, entered));
            }
            Entry known = entries.get(journeyId);
            entries.put(journeyId, known == null ? new Entry(journeyId, entered, entered, id, null, List.of())
                    : !entered.isBefore(known.last())
                            ? new Entry(journeyId, known.first(), entered, id, known.last(), List.of())
                            : new Entry(journeyId, entered.isBefore(known.first()) ? entered : known.first(),
                                    known.last(), known.lastInstanceId(), known.previous() == null
                                            || entered.isAfter(known.previous()) ? entered : known.previous(),
                                    List.of()));
        }
        if (profileId != null) {
            batch.add(ProfileWrite.listing(profileId, List.copyOf(live.values()), List.copyOf(entries.values())));
        }
        if (!batch.isEmpty()) {
            profiles.write(batch);
        }
        try {
            migrations.insertOne(new Document("_id", MARKER).append("at", new Date()).append("instances", read));
        } catch (com.mongodb.MongoWriteException e) {
            // Instances starting together both run the pass (it is idempotent); the first marker stays.
            if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        if (read > 0) {
            LOG.infof("listed the live instances and entries of %d existing instances in their profiles' documents",
                    read);
        }
        return read;
    }
}
