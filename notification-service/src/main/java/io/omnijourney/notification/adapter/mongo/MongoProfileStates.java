package io.omnijourney.notification.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.kit.mongo.BulkOutcome;
import io.omnijourney.kit.mongo.BulkWrites;
import io.omnijourney.notification.app.ProfileCopy;
import io.omnijourney.notification.app.ProfileStates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Collection {@code profiles}: per profile, the copy of the newest snapshot (identifiers, traits, locale and time zone
 * as JSON text, its profile version in {@code profileVersion}: what requests are addressed and rendered from) and
 * consent per channel as {@code {channel, status, at}} entries, each replaced only by a newer one. Writes are
 * conditional on a {@code version}, so the profile-events consumer and a one-click unsubscribe do not overwrite each
 * other. Collection {@code erased}: erased profile ids.
 */
public class MongoProfileStates implements ProfileStates {

    private static final int MAX_TRIES = 5;
    /** The profile's version of the copy ({@code version} is this document's own, for conditional writes). */
    private static final String PROFILE_VERSION = "profileVersion";
    /**
     * A checksum earlier versions kept on each copy. Dropped from every document read for writing back, so that an
     * unchanged copy still compares equal (no write) and the next changing write leaves it out.
     */
    private static final String LEGACY_DIGEST = "digest";

    private final MongoCollection<Document> profiles;
    private final MongoCollection<Document> erased;
    private final LocalServerWorkarounds workarounds;

    public MongoProfileStates(MongoDatabase database) {
        this(database, LocalServerWorkarounds.ON);
    }

    public MongoProfileStates(MongoDatabase database, LocalServerWorkarounds workarounds) {
        this.profiles = database.getCollection("profiles");
        this.erased = database.getCollection("erased");
        this.workarounds = workarounds;
    }

    @Override
    public void apply(String profileId, ProfileSnapshot snapshot, Instant at) {
        update(profileId, change(snapshot, at));
    }

    /**
     * Keeps the snapshot as the copy if newer (see {@link #isNewer}), and each channel's consent if newer than the one
     * held. A newer version with unchanged identifiers and traits still writes its version: a request decided on it
     * waits for exactly that.
     */
    private static Consumer<Document> change(ProfileSnapshot snapshot, Instant at) {
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("identifiers", snapshot.identifiers());
        copy.put("traits", snapshot.traits());
        copy.put("locale", text(snapshot.traits().get("locale")));
        copy.put("timezone", text(snapshot.traits().get("timezone")));
        String json = new String(ContractJson.encode(copy), StandardCharsets.UTF_8);
        Long version = snapshot.version();
        return doc -> {
            if (isNewer(version, at, json, doc)) {
                doc.put("snapshot", json);
                doc.put("snapshotAt", Date.from(at));
                if (version == null) {
                    doc.remove(PROFILE_VERSION);
                } else {
                    doc.put(PROFILE_VERSION, version);
                }
            }
            snapshot.consent().forEach((channel, consent) -> {
                if (consent != null && consent.status() != null) {
                    merge(doc, channel, consent.status(), consent.updatedAt() == null ? at : consent.updatedAt());
                }
            });
        };
    }

    /**
     * Whether a snapshot replaces the copy held: by version when it has one (the profile's revisions are ordered, event
     * times are not: a late event can bring the newest state), else by event time when it differs, as before versions
     * existed.
     */
    private static boolean isNewer(Long version, Instant at, String json, Document held) {
        Number heldVersion = held.get(PROFILE_VERSION, Number.class);
        if (version != null) {
            return held.getString("snapshot") == null || heldVersion == null || version > heldVersion.longValue();
        }
        Date heldAt = held.getDate("snapshotAt");
        return !json.equals(held.getString("snapshot")) && (heldAt == null || !heldAt.toInstant().isAfter(at));
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    /**
     * Reads the poll's profiles and erasures in a few bulk round trips, applies its events in memory and writes the
     * changed documents in one unordered bulk write, each insert or version-conditional replace as the one-by-one
     * path would; a profile whose write lost a race (a one-click unsubscribe meanwhile) is redone one by one.
     */
    @Override
    public Batch batch(Collection<String> profileIds) {
        return new BulkBatch(profileIds);
    }

    private final class BulkBatch implements Batch {

        private final Set<String> read;
        private final Set<String> erasedIds = new HashSet<>();
        private final Map<String, Document> stored = new HashMap<>();
        private final Map<String, Document> working = new LinkedHashMap<>();
        private final Map<String, List<Consumer<Document>>> changes = new HashMap<>();

        BulkBatch(Collection<String> profileIds) {
            read = new HashSet<>(profileIds);
            readInBulk(profileIds, null, erasedIds, d -> stored.put(d.getString("_id"), withoutLegacyDigest(d)));
        }

        @Override
        public void apply(String profileId, ProfileSnapshot snapshot, Instant at) {
            if (erasedIds.contains(profileId)) {
                return;
            }
            if (read.add(profileId)) {
                // Not among the ids read up front (an event without a key): looked up on its own.
                if (isErased(profileId)) {
                    erasedIds.add(profileId);
                    return;
                }
                Optional.ofNullable(read(profileId)).ifPresent(d -> stored.put(profileId, d));
            }
            Consumer<Document> change = change(snapshot, at);
            Document doc = working.computeIfAbsent(profileId, id -> stored.containsKey(id)
                    ? new Document(stored.get(id)) : new Document("_id", id).append("version", 1L));
            change.accept(doc);
            changes.computeIfAbsent(profileId, id -> new ArrayList<>()).add(change);
        }

        @Override
        public void erased(String profileId) {
            erasedIds.add(profileId);
            working.remove(profileId);
            changes.remove(profileId);
        }

        @Override
        public void flush() {
            List<WriteModel<Document>> writes = new ArrayList<>();
            List<String> written = new ArrayList<>();
            int replaces = 0;
            for (Map.Entry<String, Document> entry : working.entrySet()) {
                Document before = stored.get(entry.getKey());
                Document next = entry.getValue();
                if (before == null) {
                    writes.add(new InsertOneModel<>(next));
                } else if (!next.equals(before)) {
                    long version = before.get("version", Number.class).longValue();
                    next.put("version", version + 1);
                    writes.add(new ReplaceOneModel<>(
                            LocalServerWorkarounds.exactKeys("_id", entry.getKey(), "version", version), next));
                    replaces++;
                } else {
                    continue; // most profile events change neither consent nor the copy
                }
                written.add(entry.getKey());
            }
            if (writes.isEmpty()) {
                return;
            }
            Set<String> redo = new LinkedHashSet<>();
            // An insert that met an existing profile lost a race: redone one by one, as is every profile of a batch
            // where a replace missed (which one is not reported; redoing is idempotent).
            BulkOutcome outcome = BulkWrites.writeAllowingDuplicates(profiles, writes);
            outcome.duplicates().forEach(position -> redo.add(written.get(position)));
            if (outcome.result().getMatchedCount() < replaces) {
                redo.addAll(written);
            }
            for (String profileId : redo) {
                changes.get(profileId).forEach(change -> update(profileId, change));
            }
        }
    }

    @Override
    public void setConsent(String profileId, String channel, String status, Instant at) {
        update(profileId, doc -> merge(doc, channel, status, at));
    }

    @Override
    public Optional<String> consent(String profileId, String channel) {
        Document doc = profiles.find(Filters.eq("_id", profileId)).first();
        if (doc == null) {
            return Optional.empty();
        }
        return consentIn(doc.getList("consent", Document.class, List.of()), channel);
    }

    @Override
    public Optional<ProfileCopy> copy(String profileId) {
        return copyIn(read(profileId));
    }

    /** The copy a stored document holds, if any. */
    @SuppressWarnings("unchecked")
    private static Optional<ProfileCopy> copyIn(Document doc) {
        if (doc == null || doc.getString("snapshot") == null) {
            return Optional.empty();
        }
        Map<String, Object> copy = ContractJson.decode(doc.getString("snapshot").getBytes(StandardCharsets.UTF_8),
                Map.class);
        Map<String, List<String>> identifiers = new LinkedHashMap<>();
        if (copy.get("identifiers") instanceof Map<?, ?> ids) {
            ids.forEach((type, values) -> identifiers.put(String.valueOf(type), values instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(values))));
        }
        Map<String, Object> traits = copy.get("traits") instanceof Map<?, ?> t ? (Map<String, Object>) t : Map.of();
        Number version = doc.get(PROFILE_VERSION, Number.class);
        return Optional.of(new ProfileCopy(identifiers, traits, text(copy.get("locale")), text(copy.get("timezone")),
                version == null ? null : version.longValue()));
    }

    @Override
    public void markErased(String profileId, Instant at) {
        erased.replaceOne(Filters.eq("_id", profileId), new Document("_id", profileId).append("erasedAt",
                Date.from(at)), new ReplaceOptions().upsert(true));
        profiles.deleteOne(Filters.eq("_id", profileId));
    }

    @Override
    public boolean isErased(String profileId) {
        return erased.find(Filters.eq("_id", profileId)).first() != null;
    }

    /** Two reads per chunk of 100 profiles (erasures, then the profile documents) instead of two per request. */
    @Override
    public Facts facts(Collection<String> profileIds) {
        Set<String> erasedIds = new HashSet<>();
        Map<String, List<Document>> consents = new HashMap<>();
        Map<String, ProfileCopy> copies = new HashMap<>();
        readInBulk(profileIds, null, erasedIds, d -> {
            consents.put(d.getString("_id"), d.getList("consent", Document.class, List.of()));
            copyIn(d).ifPresent(copy -> copies.put(d.getString("_id"), copy));
        });
        Set<String> known = Set.copyOf(profileIds);
        return new Facts() {
            @Override
            public boolean isErased(String profileId) {
                return known.contains(profileId) ? erasedIds.contains(profileId)
                        : MongoProfileStates.this.isErased(profileId);
            }

            @Override
            public Optional<String> consent(String profileId, String channel) {
                if (!known.contains(profileId)) {
                    return MongoProfileStates.this.consent(profileId, channel);
                }
                return consentIn(consents.getOrDefault(profileId, List.of()), channel);
            }

            @Override
            public Optional<ProfileCopy> copy(String profileId) {
                if (!known.contains(profileId)) {
                    return MongoProfileStates.this.copy(profileId);
                }
                return erasedIds.contains(profileId) ? Optional.empty() : Optional.ofNullable(copies.get(profileId));
            }
        };
    }

    /**
     * Which of {@code profileIds} are erased (into {@code erasedInto}) and their stored documents ({@code projection},
     * null for whole ones), in {@code $in} reads on {@code _id} (in chunks on the local server).
     */
    private void readInBulk(Collection<String> profileIds, Bson projection, Set<String> erasedInto,
            Consumer<Document> storedInto) {
        for (List<String> chunk : workarounds.chunks(new LinkedHashSet<>(profileIds))) {
            erased.find(Filters.in("_id", chunk)).projection(Projections.include("_id"))
                    .forEach(d -> erasedInto.add(d.getString("_id")));
            profiles.find(Filters.in("_id", chunk)).projection(projection).forEach(storedInto);
        }
    }

    /** A profile's stored document, without the legacy checksum; null when there is none. */
    private Document read(String profileId) {
        return withoutLegacyDigest(profiles.find(Filters.eq("_id", profileId)).first());
    }

    private static Document withoutLegacyDigest(Document doc) {
        if (doc != null) {
            doc.remove(LEGACY_DIGEST);
        }
        return doc;
    }

    private static Optional<String> consentIn(List<Document> consent, String channel) {
        return consent.stream().filter(c -> channel.equals(c.getString("channel"))).map(c -> c.getString("status"))
                .findFirst();
    }

    private static void merge(Document doc, String channel, String status, Instant at) {
        List<Document> consent = new ArrayList<>(doc.getList("consent", Document.class, List.of()));
        for (int i = 0; i < consent.size(); i++) {
            Document c = consent.get(i);
            if (channel.equals(c.getString("channel"))) {
                if (c.getDate("at") != null && c.getDate("at").toInstant().isAfter(at)) {
                    return;
                }
                consent.set(i, entry(channel, status, at));
                doc.put("consent", consent);
                return;
            }
        }
        consent.add(entry(channel, status, at));
        doc.put("consent", consent);
    }

    private static Document entry(String channel, String status, Instant at) {
        return new Document("channel", channel).append("status", status).append("at", Date.from(at));
    }

    /** Read, change, write back if nobody wrote meanwhile; else again. */
    private void update(String profileId, Consumer<Document> change) {
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            Document current = read(profileId);
            if (current == null) {
                Document doc = new Document("_id", profileId).append("version", 1L);
                change.accept(doc);
                try {
                    profiles.insertOne(doc);
                    return;
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                    continue;
                }
            }
            long version = current.get("version", Number.class).longValue();
            Document next = new Document(current);
            change.accept(next);
            if (next.equals(current)) {
                // Most profile events change neither consent nor the copy: no write for them.
                return;
            }
            next.put("version", version + 1);
            if (profiles.replaceOne(LocalServerWorkarounds.exactKeys("_id", profileId, "version", version), next)
                    .getMatchedCount() == 1) {
                return;
            }
        }
        throw new IllegalStateException("profile state kept changing under concurrent writes");
    }
}
