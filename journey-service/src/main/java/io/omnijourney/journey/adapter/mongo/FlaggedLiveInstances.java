package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.journey.app.ProfileCache.CachedProfile;
import io.omnijourney.journey.app.ProfileCache.InstanceRef;
import io.omnijourney.journey.app.ProfileCache.ProfileWrite;
import io.omnijourney.kit.mongo.BulkWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Live instances flagged on the instance itself ({@code live: true}), for real MongoDB: the flag is part of the
 * insert (so there is no window in which an instance exists unlisted, or is listed without existing), moves with the
 * instance in a merge (the {@code profileId} changes, the flag stays), and is removed when the unit of work unlists
 * the instance (ended, past its goal window, nothing to publish: no event can change it any more, so it never
 * becomes live again). A poll's profiles find theirs with one {@code {profileId: {$in: [...]}, live: true}} query,
 * which the partial index {@code {profileId: 1}} over flagged instances answers without touching finished ones.
 * The profile document carries no {@code live} map; what the unit of work lists (new and moved instances) is
 * already flagged.
 */
final class FlaggedLiveInstances implements LiveInstances {

    private final MongoCollection<Document> instances;

    FlaggedLiveInstances(MongoCollection<Document> instances) {
        this.instances = instances;
    }

    @Override
    public Map<String, CachedProfile> complete(Collection<String> profileIds, Map<String, CachedProfile> documents) {
        List<String> ids = profileIds.stream().filter(id -> id != null).distinct().toList();
        Map<String, Map<String, InstanceRef>> live = new HashMap<>();
        for (int from = 0; from < ids.size(); from += LocalServerWorkarounds.IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LocalServerWorkarounds.IN_CHUNK));
            instances.find(new Document("profileId", new Document("$in", chunk)).append(LIVE, true))
                    .projection(new Document("_id", 1).append("profileId", 1).append("journeyId", 1)
                            .append("enteredAt", 1))
                    .forEach(d -> {
                        Date entered = d.getDate("enteredAt");
                        InstanceRef ref = new InstanceRef(d.getString("_id"), d.getString("journeyId"),
                                entered == null ? Instant.EPOCH : entered.toInstant());
                        live.computeIfAbsent(d.getString("profileId"), k -> new LinkedHashMap<>())
                                .put(ref.instanceId(), ref);
                    });
        }
        Map<String, CachedProfile> completed = new HashMap<>();
        for (String id : ids) {
            CachedProfile doc = documents.get(id);
            Map<String, InstanceRef> own = live.getOrDefault(id, Map.of());
            if (doc != null || !own.isEmpty()) {
                CachedProfile base = doc == null ? CachedProfile.empty(id) : doc;
                completed.put(id, new CachedProfile(id, base.snapshot(), base.asOf(), own, base.entries(),
                        base.legacy()));
            }
        }
        return completed;
    }

    @Override
    public void listing(ProfileWrite write, List<Bson> sets) {
    }

    @Override
    public void rewrite(CachedProfile rewrite, List<Bson> sets) {
        // A document of the version that listed every instance: no listing replaces it on this path.
        sets.add(Updates.unset(LIVE));
    }

    /** Removes the flag of the instances unlisted. */
    @Override
    public void written(Collection<ProfileWrite> writes) {
        LinkedHashSet<String> unlisted = new LinkedHashSet<>();
        writes.forEach(w -> unlisted.addAll(w.unlisted()));
        if (unlisted.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> models = new ArrayList<>();
        unlisted.forEach(id -> models.add(new UpdateOneModel<>(new Document("_id", id), Updates.unset(LIVE))));
        BulkWrites.write(instances, models);
    }

    @Override
    public Document inserted(Document instance) {
        return instance.append(LIVE, true);
    }
}
