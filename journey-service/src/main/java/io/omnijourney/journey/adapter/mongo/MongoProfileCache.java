package io.omnijourney.journey.adapter.mongo;

import static com.mongodb.client.model.Filters.eq;

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
    public ProfileSnapshot save(String profileId, ProfileSnapshot snapshot, Instant asOf) {
        Document stored = profiles.find(eq("_id", profileId)).first();
        if (stored != null && stored.getDate("asOf") != null && stored.getDate("asOf").toInstant().isAfter(asOf)) {
            // A newer snapshot is stored: events of one profile can arrive out of order after a merge.
            return decode(stored);
        }
        Document doc = new Document("_id", profileId)
                .append("snapshot", new String(ContractJson.encode(snapshot), StandardCharsets.UTF_8))
                .append("segments", snapshot.segments()).append("asOf", Date.from(asOf));
        profiles.replaceOne(eq("_id", profileId), doc, new ReplaceOptions().upsert(true));
        return snapshot;
    }

    private static ProfileSnapshot decode(Document d) {
        return ContractJson.decode(d.getString("snapshot").getBytes(StandardCharsets.UTF_8), ProfileSnapshot.class);
    }

    @Override
    public Optional<ProfileSnapshot> find(String profileId) {
        return Optional.ofNullable(profiles.find(eq("_id", profileId)).first()).map(MongoProfileCache::decode);
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
