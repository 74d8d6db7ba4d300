package io.omnijourney.journey.adapter.mongo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.domain.RequestIds;
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
 * Profile documents in {@code profiles}: the snapshot as JSON text, the segment ids as a field for enrollment,
 * with the local-server workarounds on {@code live}, the live instances keyed by instance id ({@code ji-} and hex
 * digits, never user input) holding {@code {j: journeyId, e: enteredAt}} (off: flagged on the instances instead, see
 * {@link LiveInstances}), and {@code entries}, one entry record per journey keyed by
 * {@link RequestIds#fieldKey} of the journey id ({@code {j, f: first, l: last, i: last instance, p: previous entry,
 * s: send times}}). Keyed rather than arrays so that listing an instance again is an idempotent {@code $set} of one
 * path, and concurrent writers (the consumer, a manual enrollment) never overwrite each other's entries.
 *
 * <p>Documents written by the version that listed every instance ({@code instances.<id>: {j, e, r}}) are read as
 * live instances (those not retired) and entry records, and rewritten in the new form by their next write: no pass
 * over the collection at start-up.
 */
public class MongoProfileCache implements ProfileCache {

    static final String LEGACY_LISTING = "instances";

    /** Segment members (a segment-triggered journey's entry). Created by {@link JourneyMigrations}. */
    static final IndexModel SEGMENTS_INDEX = new IndexModel(Indexes.ascending("segments"));

    private final MongoCollection<Document> profiles;
    private final LocalServerWorkarounds workarounds;
    private final LiveInstances live;

    public MongoProfileCache(MongoDatabase database, LocalServerWorkarounds workarounds) {
        this.profiles = database.getCollection("profiles");
        this.workarounds = workarounds;
        this.live = workarounds.liveInstances(database);
    }

    @Override
    public Map<String, CachedProfile> load(Collection<String> profileIds) {
        Map<String, CachedProfile> found = new HashMap<>();
        workarounds.findByIds(profiles, profileIds, null, d -> found.put(d.getString("_id"), read(d)));
        return live.complete(profileIds, found);
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
        live.written(writes);
    }

    private Bson update(ProfileWrite write) {
        List<Bson> sets = new ArrayList<>();
        if (write.snapshot() != null) {
            sets.add(Updates.set("snapshot", new String(ContractJson.encode(write.snapshot()), StandardCharsets.UTF_8)));
            sets.add(Updates.set("segments", write.snapshot().segments()));
            sets.add(Updates.set("asOf", Date.from(write.asOf())));
        }
        if (write.rewrite() != null) {
            // A legacy document: its whole listing and entry records at once, the per-instance map removed.
            Document entries = new Document();
            write.rewrite().entries().values().forEach(e -> entries.append(RequestIds.fieldKey(e.journeyId()),
                    entry(e)));
            live.rewrite(write.rewrite(), sets);
            sets.add(Updates.set("entries", entries));
            sets.add(Updates.unset(LEGACY_LISTING));
            return Updates.combine(sets);
        }
        live.listing(write, sets);
        for (Entry e : write.entries()) {
            String path = "entries." + RequestIds.fieldKey(e.journeyId());
            sets.add(Updates.set(path + ".j", e.journeyId()));
            sets.add(Updates.min(path + ".f", Date.from(e.first())));
            sets.add(Updates.set(path + ".l", Date.from(e.last())));
            sets.add(Updates.set(path + ".i", e.lastInstanceId()));
            sets.add(Updates.set(path + ".p", e.previous() == null ? null : Date.from(e.previous())));
            sets.add(Updates.set(path + ".s", e.sends().stream().map(Date::from).toList()));
        }
        for (String journeyId : write.droppedEntries()) {
            sets.add(Updates.unset("entries." + RequestIds.fieldKey(journeyId)));
        }
        return sets.isEmpty() ? null : Updates.combine(sets);
    }

    private static Document entry(Entry e) {
        return new Document("j", e.journeyId()).append("f", Date.from(e.first())).append("l", Date.from(e.last()))
                .append("i", e.lastInstanceId()).append("p", e.previous() == null ? null : Date.from(e.previous()))
                .append("s", e.sends().stream().map(Date::from).toList());
    }

    static CachedProfile read(Document d) {
        Map<String, InstanceRef> live = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        Document listed = d.get("live", Document.class);
        if (listed != null) {
            listed.forEach((id, value) -> {
                Document ref = (Document) value;
                live.put(id, new InstanceRef(id, ref.getString("j"), ref.getDate("e").toInstant()));
            });
        }
        Document stored = d.get("entries", Document.class);
        if (stored != null) {
            stored.values().forEach(value -> {
                Entry e = readEntry((Document) value);
                entries.put(e.journeyId(), e);
            });
        }
        Document legacy = d.get(LEGACY_LISTING, Document.class);
        if (legacy != null) {
            readLegacy(legacy, live, entries);
        }
        Date asOf = d.getDate("asOf");
        return new CachedProfile(d.getString("_id"), snapshot(d), asOf == null ? null : asOf.toInstant(), live,
                entries, legacy != null);
    }

    private static Entry readEntry(Document e) {
        Date previous = e.getDate("p");
        List<Instant> sends = e.getList("s", Date.class, List.of()).stream().map(Date::toInstant).toList();
        return new Entry(e.getString("j"), e.getDate("f").toInstant(), e.getDate("l").toInstant(), e.getString("i"),
                previous == null ? null : previous.toInstant(), sends);
    }

    /** The listing of an earlier version: every instance ever entered, retired ones marked. */
    private static void readLegacy(Document legacy, Map<String, InstanceRef> live, Map<String, Entry> entries) {
        legacy.forEach((id, value) -> {
            Document ref = (Document) value;
            String journeyId = ref.getString("j");
            Instant entered = ref.getDate("e").toInstant();
            if (!Boolean.TRUE.equals(ref.getBoolean("r"))) {
                live.putIfAbsent(id, new InstanceRef(id, journeyId, entered));
            }
            Entry known = entries.get(journeyId);
            if (known == null) {
                entries.put(journeyId, new Entry(journeyId, entered, entered, id, null, List.of()));
            } else if (entered.isAfter(known.last())) {
                entries.put(journeyId, new Entry(journeyId, known.first(), entered, id, known.last(), known.sends()));
            } else {
                Instant first = entered.isBefore(known.first()) ? entered : known.first();
                Instant previous = known.previous() == null || entered.isAfter(known.previous()) ? entered
                        : known.previous();
                entries.put(journeyId, new Entry(journeyId, first, known.last(), known.lastInstanceId(), previous,
                        known.sends()));
            }
        });
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
        write(List.of(new ProfileWrite(profileId, snapshot, asOf, List.of(), java.util.Set.of(), List.of(),
                java.util.Set.of(), null)));
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
