package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.omnijourney.kit.security.ApiKeys;
import io.omnijourney.profile.app.SuppressionList;
import io.omnijourney.profile.domain.Identifier;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/** The {@code suppressions} collection: {@code _id} = SHA-256 of the identifier key, nothing else about the person. */
public class MongoSuppressionList implements SuppressionList {

    public static final String COLLECTION = "suppressions";

    private final MongoCollection<Document> suppressions;
    private final LocalServerWorkarounds local;

    public MongoSuppressionList(MongoDatabase database, LocalServerWorkarounds local) {
        this.suppressions = database.getCollection(COLLECTION);
        this.local = local;
    }

    @Override
    public void suppress(Collection<Identifier> identifiers) {
        for (Identifier identifier : identifiers) {
            String hash = ApiKeys.sha256Hex(identifier.key());
            suppressions.replaceOne(Filters.eq("_id", hash), new Document("_id", hash).append("since", new Date()),
                    new ReplaceOptions().upsert(true));
        }
    }

    @Override
    public Set<Identifier> suppressedAmong(Collection<Identifier> identifiers) {
        if (identifiers.isEmpty()) {
            return Set.of();
        }
        Map<String, List<Identifier>> byHash = new HashMap<>();
        identifiers.forEach(i -> byHash.computeIfAbsent(ApiKeys.sha256Hex(i.key()), h -> new ArrayList<>()).add(i));
        Set<Identifier> suppressed = new HashSet<>();
        for (List<String> hashes : local.inChunks(byHash.keySet())) {
            for (Document d : suppressions.find(Filters.in("_id", hashes))) {
                suppressed.addAll(byHash.get(d.getString("_id")));
            }
        }
        return suppressed;
    }

    @Override
    public boolean anySuppressed(Collection<Identifier> identifiers) {
        if (identifiers.isEmpty()) {
            return false;
        }
        List<String> hashes = identifiers.stream().map(i -> ApiKeys.sha256Hex(i.key())).toList();
        return suppressions.find(Filters.in("_id", hashes)).first() != null;
    }
}
