package io.omnijourney.profile.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.omnijourney.kit.mongo.BulkOutcome;
import io.omnijourney.kit.mongo.BulkWrites;
import io.omnijourney.profile.app.ProfileStore;
import io.omnijourney.profile.app.StoredProfile;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code profiles} collection. A new profile is a whole-document insert; every other write is conditional on
 * {@code _id} and {@code version}: single-document atomicity is all the protocol needs, no transactions. A write that
 * follows a read of the same version {@linkplain ProfileUpdates sends what changed} (an update whose result is exactly
 * the new document), so that neither the wire nor the oplog carries a full copy per event; one without such a read
 * (evicted, or read elsewhere) replaces the document.
 */
public final class MongoProfileStore implements ProfileStore {

    public static final String COLLECTION = "profiles";

    /**
     * A CRC of the whole document that earlier versions stored in every profile on the local server: not part of a
     * profile, ignored on read, and unset by the next write of the document.
     */
    static final String LEGACY_DIGEST = "digest";
    private static final String SEGMENTS = "segments";

    private final MongoCollection<Document> profiles;
    private final LocalServerWorkarounds local;
    private final DocumentsAsRead asRead = new DocumentsAsRead();

    public MongoProfileStore(MongoDatabase database, LocalServerWorkarounds local) {
        this.profiles = database.getCollection(COLLECTION);
        this.local = local;
    }

    @Override
    public Optional<StoredProfile> load(String profileId) {
        return Optional.ofNullable(profiles.find(Filters.eq(ProfileDocuments.ID, profileId)).first())
                .map(this::remembered);
    }

    @Override
    public Map<String, StoredProfile> loadAll(Collection<String> profileIds) {
        Map<String, StoredProfile> found = new HashMap<>();
        if (profileIds.isEmpty()) {
            return found;
        }
        for (List<String> ids : local.inChunks(profileIds)) {
            for (Document document : profiles.find(Filters.in(ProfileDocuments.ID, ids))) {
                found.put(document.getString(ProfileDocuments.ID), remembered(document));
            }
        }
        return found;
    }

    @Override
    public Set<String> writeAll(List<StoredProfile> inserts, List<StoredProfile> replaces) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        List<StoredProfile> order = new ArrayList<>();
        for (StoredProfile profile : inserts) {
            writes.add(new InsertOneModel<>(ProfileDocuments.toDocument(profile)));
            order.add(profile);
        }
        for (StoredProfile next : replaces) {
            writes.add(conditionalWrite(next));
            order.add(next);
        }
        if (writes.isEmpty()) {
            return Set.of();
        }
        Set<String> failed = new HashSet<>();
        BulkOutcome outcome = BulkWrites.writeAllowingDuplicates(profiles, writes);
        outcome.duplicates().forEach(position -> failed.add(order.get(position).id()));
        BulkWriteResult result = outcome.result();
        if (result.getMatchedCount() < replaces.size()) {
            // The result counts matches, it does not say which replace missed: the ones whose last event is not
            // recorded as applied are the ones another writer beat.
            Map<String, StoredProfile> now = loadAll(replaces.stream().map(StoredProfile::id).toList());
            for (StoredProfile next : replaces) {
                StoredProfile stored = now.get(next.id());
                String last = next.appliedMessageIds().get(next.appliedMessageIds().size() - 1);
                if (stored == null || !stored.hasApplied(last)) {
                    failed.add(next.id());
                }
            }
        }
        return failed;
    }

    @Override
    public boolean insert(StoredProfile profile) {
        return Inserts.ifAbsent(profiles, ProfileDocuments.toDocument(profile));
    }

    @Override
    public Optional<StoredProfile> replace(StoredProfile next) {
        StoredProfile written = next.with(next.profile().withVersion(next.version() + 1));
        WriteModel<Document> write = conditionalWrite(next);
        long matched = write instanceof UpdateOneModel<Document> update
                ? profiles.updateOne(update.getFilter(), update.getUpdate()).getMatchedCount()
                : profiles.replaceOne(((ReplaceOneModel<Document>) write).getFilter(),
                        ((ReplaceOneModel<Document>) write).getReplacement()).getMatchedCount();
        return matched == 1 ? Optional.of(written) : Optional.empty();
    }

    @Override
    public void delete(String profileId) {
        asRead.forget(profileId);
        profiles.deleteOne(Filters.eq(ProfileDocuments.ID, profileId));
    }

    /**
     * Stores {@code next} at its version + 1 if the stored version is still {@code next.version()}: what changed
     * since the read of that version, or the whole document when there was no such read.
     */
    private WriteModel<Document> conditionalWrite(StoredProfile next) {
        long expected = next.version();
        StoredProfile written = next.with(next.profile().withVersion(expected + 1));
        Document replacement = ProfileDocuments.toDocument(written);
        Document stored = asRead.take(next.id(), expected);
        Optional<Document> update = stored == null ? Optional.empty() : ProfileUpdates.between(stored, replacement);
        return update.<WriteModel<Document>>map(u -> new UpdateOneModel<>(current(next.id(), expected), u))
                .orElseGet(() -> new ReplaceOneModel<>(current(next.id(), expected), replacement));
    }

    @Override
    public List<StoredProfile> page(String afterId, int limit) {
        List<StoredProfile> page = new ArrayList<>();
        for (Document document : profiles.find(live(afterId)).sort(Sorts.ascending(ProfileDocuments.ID)).limit(limit)) {
            page.add(profile(document));
        }
        return page;
    }

    @Override
    public List<String> membersOf(String segmentId, String afterId, int limit) {
        FindIterable<Document> members = profiles.find(Filters.and(live(afterId), Filters.eq(SEGMENTS, segmentId)))
                .projection(Projections.include(ProfileDocuments.ID));
        if (local.enabled()) {
            return local.smallestIds(members, limit);
        }
        return members.sort(Sorts.ascending(ProfileDocuments.ID)).limit(limit)
                .map(d -> d.getString(ProfileDocuments.ID)).into(new ArrayList<>());
    }

    /**
     * One aggregation over the members of any of the segments (the {@code segments} index on MongoDB; one scan on the
     * local server, which ignores it): each member's memberships unwound and counted by segment. Memberships of
     * segments not asked about come along with the members and are left out here.
     */
    @Override
    public Map<String, Long> memberCounts(Collection<String> segmentIds) {
        if (segmentIds.isEmpty()) {
            return Map.of();
        }
        Set<String> wanted = new HashSet<>(segmentIds);
        Map<String, Long> counts = new HashMap<>();
        profiles.aggregate(List.of(
                        Aggregates.match(Filters.and(live(null), Filters.in(SEGMENTS, wanted))),
                        Aggregates.project(Projections.include(SEGMENTS)),
                        Aggregates.unwind("$" + SEGMENTS),
                        Aggregates.group("$" + SEGMENTS, Accumulators.sum("members", 1))))
                .forEach(d -> {
                    String segmentId = d.getString(ProfileDocuments.ID);
                    if (wanted.contains(segmentId)) {
                        counts.put(segmentId, d.get("members", Number.class).longValue());
                    }
                });
        return counts;
    }

    @Override
    public long liveCount() {
        return profiles.countDocuments(live(null));
    }

    /** The profile of a document read, which is kept as read (legacy fields included) for the next write of it. */
    private StoredProfile remembered(Document read) {
        asRead.remember(read);
        return profile(read);
    }

    private static StoredProfile profile(Document read) {
        if (!read.containsKey(LEGACY_DIGEST)) {
            return ProfileDocuments.fromDocument(read);
        }
        Document fields = new Document(read);
        fields.remove(LEGACY_DIGEST);
        return ProfileDocuments.fromDocument(fields);
    }

    /** The document if it is still at {@code version}: the filter of every conditional write. */
    private static Bson current(String id, long version) {
        return new Document(ProfileDocuments.ID, id).append(ProfileDocuments.VERSION, version);
    }

    private static Bson live(String afterId) {
        Bson live = Filters.eq("mergedInto", null);
        return afterId == null ? live : Filters.and(Filters.gt(ProfileDocuments.ID, afterId), live);
    }
}
