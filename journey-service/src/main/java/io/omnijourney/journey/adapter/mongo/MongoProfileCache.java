package io.omnijourney.journey.adapter.mongo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.kit.mongo.BulkWrites;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Profile documents in {@code profiles}: the snapshot as JSON text, the segment ids as a field for enrollment, and
 * {@code instances}, a sub-document keyed by instance id ({@code ji-} and hex digits, never user input) holding
 * {@code {j: journeyId, e: enteredAt, r: retired}}. Keyed rather than an array so that listing an instance again is
 * an idempotent {@code $set} of one path, and concurrent writers (the consumer, a manual enrollment) never overwrite
 * each other's entries.
 */
public class MongoProfileCache implements ProfileCache {

    private final MongoCollection<Document> profiles;
    private final LocalServerWorkarounds workarounds;

    public MongoProfileCache(MongoDatabase database, LocalServerWorkarounds workarounds) {
        this.profiles = database.getCollection("profiles");
        this.workarounds = workarounds;
        profiles.createIndex(Indexes.ascending("segments"));
    }

    @Override
    public Map<String, CachedProfile> load(Collection<String> profileIds) {
        Map<String, CachedProfile> found = new HashMap<>();
        workarounds.findByIds(profiles, profileIds, null, d -> found.put(d.getString("_id"), read(d)));
        return found;
    }

    @Override
    public void write(Collection<ProfileWrite> writes) {
        List<WriteModel<Document>> models = new ArrayList<>();
        for (ProfileWrite write : writes) {
            Bson update = update(write);
            if (update != null) {
                models.add(new UpdateOneModel<>(eq("_id", write.profileId()), update, new UpdateOptions().upsert(true)));
            }
        }
        if (models.size() == 1) {
            UpdateOneModel<Document> one = (UpdateOneModel<Document>) models.get(0);
            profiles.updateOne(one.getFilter(), one.getUpdate(), one.getOptions());
        } else if (!models.isEmpty()) {
            BulkWrites.write(profiles, models);
        }
    }

    private static Bson update(ProfileWrite write) {
        List<Bson> sets = new ArrayList<>();
        if (write.snapshot() != null) {
            sets.add(Updates.set("snapshot", new String(ContractJson.encode(write.snapshot()), StandardCharsets.UTF_8)));
            sets.add(Updates.set("segments", write.snapshot().segments()));
            sets.add(Updates.set("asOf", Date.from(write.asOf())));
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (InstanceRef ref : write.listed()) {
            listed.add(ref.instanceId());
            sets.add(Updates.set("instances." + ref.instanceId(), new Document("j", ref.journeyId())
                    .append("e", Date.from(ref.enteredAt()))
                    .append("r", ref.retired() || write.retired().contains(ref.instanceId()))));
        }
        for (String retired : write.retired()) {
            if (!listed.contains(retired)) {
                sets.add(Updates.set("instances." + retired + ".r", true));
            }
        }
        return sets.isEmpty() ? null : Updates.combine(sets);
    }

    static CachedProfile read(Document d) {
        Map<String, InstanceRef> instances = new LinkedHashMap<>();
        Document listed = d.get("instances", Document.class);
        if (listed != null) {
            listed.forEach((id, value) -> {
                Document ref = (Document) value;
                instances.put(id, new InstanceRef(id, ref.getString("j"), ref.getDate("e").toInstant(),
                        Boolean.TRUE.equals(ref.getBoolean("r"))));
            });
        }
        Date asOf = d.getDate("asOf");
        return new CachedProfile(d.getString("_id"), snapshot(d), asOf == null ? null : asOf.toInstant(), instances);
    }

    private static ProfileSnapshot snapshot(Document d) {
        String json = d.getString("snapshot");
        return json == null ? null
                : ContractJson.decode(json.getBytes(StandardCharsets.UTF_8), ProfileSnapshot.class);
    }

    @Override
    public ProfileSnapshot save(String profileId, ProfileSnapshot snapshot, Instant asOf) {
        CachedProfile stored = load(List.of(profileId)).get(profileId);
        if (stored != null && stored.asOf() != null && stored.asOf().isAfter(asOf)) {
            // A newer snapshot is stored: events of one profile can arrive out of order after a merge.
            return stored.snapshot();
        }
        write(List.of(new ProfileWrite(profileId, snapshot, asOf, List.of(), List.of())));
        return snapshot;
    }

    @Override
    public Optional<ProfileSnapshot> find(String profileId) {
        return Optional.ofNullable(profiles.find(eq("_id", profileId)).first()).map(MongoProfileCache::snapshot);
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
