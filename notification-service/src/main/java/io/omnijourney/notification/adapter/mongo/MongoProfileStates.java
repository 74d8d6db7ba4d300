package io.omnijourney.notification.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.notification.app.ProfileStates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * Collection {@code profiles}: per profile, the last snapshot (identifiers and traits as JSON text, for previews) and
 * consent per channel as {@code {channel, status, at}} entries, each replaced only by a newer one. Writes are
 * conditional on a {@code version}, so the profile-events consumer and a one-click unsubscribe do not overwrite each
 * other. Collection {@code erased}: erased profile ids.
 */
public class MongoProfileStates implements ProfileStates {

    private static final int MAX_TRIES = 5;

    private final MongoCollection<Document> profiles;
    private final MongoCollection<Document> erased;

    public MongoProfileStates(MongoDatabase database) {
        this.profiles = database.getCollection("profiles");
        this.erased = database.getCollection("erased");
        // The conditional replace filters on exactly these keys: served by this index on the wire-protocol server too.
        profiles.createIndex(Indexes.compoundIndex(Indexes.ascending("_id"), Indexes.ascending("version")),
                new IndexOptions().unique(true));
    }

    @Override
    public void apply(String profileId, ProfileSnapshot snapshot, Instant at) {
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("identifiers", snapshot.identifiers());
        copy.put("traits", snapshot.traits());
        String json = new String(ContractJson.encode(copy), StandardCharsets.UTF_8);
        update(profileId, doc -> {
            Date held = doc.getDate("snapshotAt");
            if (!json.equals(doc.getString("snapshot")) && (held == null || !held.toInstant().isAfter(at))) {
                doc.put("snapshot", json);
                doc.put("snapshotAt", Date.from(at));
            }
            snapshot.consent().forEach((channel, consent) -> {
                if (consent != null && consent.status() != null) {
                    merge(doc, channel, consent.status(), consent.updatedAt() == null ? at : consent.updatedAt());
                }
            });
        });
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
        return doc.getList("consent", Document.class, List.of()).stream()
                .filter(c -> channel.equals(c.getString("channel"))).map(c -> c.getString("status")).findFirst();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> snapshot(String profileId) {
        Document doc = profiles.find(Filters.eq("_id", profileId)).first();
        if (doc == null || doc.getString("snapshot") == null) {
            return Optional.empty();
        }
        return Optional.of(ContractJson.decode(doc.getString("snapshot").getBytes(StandardCharsets.UTF_8),
                Map.class));
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
    private void update(String profileId, java.util.function.Consumer<Document> change) {
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            Document current = profiles.find(Filters.eq("_id", profileId)).first();
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
            if (profiles.replaceOne(new Document("_id", profileId).append("version", version), next)
                    .getMatchedCount() == 1) {
                return;
            }
        }
        throw new IllegalStateException("profile state kept changing under concurrent writes");
    }
}
