package io.omnijourney.journey.adapter.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.journey.app.ProfileCache;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/** Latest snapshots in {@code profiles}: the snapshot as JSON text, the segment ids as a field for enrollment. */
public class MongoProfileCache implements ProfileCache {

    private final MongoCollection<Document> profiles;

    public MongoProfileCache(MongoDatabase database) {
        this.profiles = database.getCollection("profiles");
        profiles.createIndex(Indexes.ascending("segments"));
    }

    @Override
    public void save(String profileId, ProfileSnapshot snapshot, Instant asOf) {
        Document doc = new Document("_id", profileId)
                .append("snapshot", new String(ContractJson.encode(snapshot), StandardCharsets.UTF_8))
                .append("segments", snapshot.segments()).append("asOf", Date.from(asOf));
        try {
            // Only over an older snapshot: events of one profile can arrive out of order after a merge.
            profiles.replaceOne(and(eq("_id", profileId), or(lte("asOf", Date.from(asOf)), eq("asOf", null))), doc,
                    new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // A newer snapshot is stored: the upsert collided with it, which is the outcome we want.
        }
    }

    @Override
    public Optional<ProfileSnapshot> find(String profileId) {
        return Optional.ofNullable(profiles.find(eq("_id", profileId)).first()).map(d -> ContractJson.decode(
                d.getString("snapshot").getBytes(StandardCharsets.UTF_8), ProfileSnapshot.class));
    }

    @Override
    public void delete(String profileId) {
        profiles.deleteOne(eq("_id", profileId));
    }

    @Override
    public List<String> membersOf(String segmentId, int limit) {
        List<String> ids = new ArrayList<>();
        profiles.find(eq("segments", segmentId)).projection(Projections.include("_id")).limit(limit)
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }
}
