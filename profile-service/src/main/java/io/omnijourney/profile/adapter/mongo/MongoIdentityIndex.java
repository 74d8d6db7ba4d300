package io.omnijourney.profile.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.omnijourney.kit.mongo.BulkWrites;
import io.omnijourney.profile.app.IdentityIndex;
import io.omnijourney.profile.app.IndexEntry;
import io.omnijourney.profile.domain.Identifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.Optional;

/**
 * The {@code identifiers} collection: {@code _id} is {@link Identifier#key()}, so the primary key's uniqueness is what
 * makes a claim an insert-if-absent. The identifier itself is only ever a value, never a field name.
 */
public final class MongoIdentityIndex implements IdentityIndex {

    public static final String COLLECTION = "identifiers";
    private static final String PROFILE_ID = "profileId";
    private static final String VERSION = "version";
    private static final int CLAIM_ATTEMPTS = 5;

    private final MongoCollection<Document> identifiers;
    private final LocalServerWorkarounds local;

    public MongoIdentityIndex(MongoDatabase database, LocalServerWorkarounds local) {
        this.identifiers = database.getCollection(COLLECTION);
        this.local = local;
    }

    @Override
    public Optional<IndexEntry> owner(Identifier identifier) {
        return Optional.ofNullable(identifiers.find(Filters.eq("_id", identifier.key())).first())
                .map(MongoIdentityIndex::entry);
    }

    @Override
    public Map<Identifier, IndexEntry> owners(Collection<Identifier> wanted) {
        Map<String, Identifier> byKey = new HashMap<>();
        wanted.forEach(identifier -> byKey.put(identifier.key(), identifier));
        Map<Identifier, IndexEntry> found = new HashMap<>();
        if (byKey.isEmpty()) {
            return found;
        }
        for (List<String> keys : local.inChunks(byKey.keySet())) {
            for (Document d : identifiers.find(Filters.in("_id", keys))) {
                found.put(byKey.get(d.getString("_id")), entry(d));
            }
        }
        return found;
    }

    @Override
    public Set<Identifier> claimAll(Map<Identifier, IndexEntry> claims) {
        if (claims.isEmpty()) {
            return Set.of();
        }
        List<Identifier> order = new ArrayList<>(claims.keySet());
        List<Document> documents = order.stream().map(i -> document(i, claims.get(i))).toList();
        Set<Identifier> lost = new HashSet<>();
        BulkWrites.insertAllowingDuplicates(identifiers, documents).forEach(position -> lost.add(order.get(position)));
        return lost;
    }

    @Override
    public IndexEntry claim(Identifier identifier, IndexEntry entry) {
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            try {
                identifiers.insertOne(document(identifier, entry));
                return entry;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            Optional<IndexEntry> current = owner(identifier);
            if (current.isPresent()) {
                return current.get();
            }
        }
        throw new IllegalStateException("identifier entry kept appearing and disappearing: " + identifier.type());
    }

    @Override
    public boolean repoint(Identifier identifier, IndexEntry expected, IndexEntry next) {
        return identifiers.replaceOne(matching(identifier, expected), document(identifier, next))
                .getMatchedCount() == 1;
    }

    @Override
    public boolean release(Identifier identifier, String holderId) {
        return identifiers.deleteOne(Filters.and(Filters.eq("_id", identifier.key()), Filters.eq(PROFILE_ID, holderId)))
                .getDeletedCount() == 1;
    }

    private static Bson matching(Identifier identifier, IndexEntry entry) {
        return Filters.and(Filters.eq("_id", identifier.key()), Filters.eq(PROFILE_ID, entry.profileId()),
                Filters.eq(VERSION, entry.version()));
    }

    private static Document document(Identifier identifier, IndexEntry entry) {
        return new Document("_id", identifier.key())
                .append("type", identifier.type())
                .append(PROFILE_ID, entry.profileId())
                .append(VERSION, entry.version());
    }

    private static IndexEntry entry(Document d) {
        return new IndexEntry(d.getString(PROFILE_ID), d.get(VERSION, Number.class).longValue());
    }
}
