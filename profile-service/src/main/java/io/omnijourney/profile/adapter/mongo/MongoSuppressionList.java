package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.omnijourney.profile.app.SuppressionList;
import io.omnijourney.profile.domain.Identifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * The {@code suppressions} collection: {@code _id} = the keyed hash of the identifier key ({@link SuppressionHashes}),
 * nothing else about the person.
 */
public class MongoSuppressionList implements SuppressionList {

    public static final String COLLECTION = "suppressions";

    private final MongoCollection<Document> suppressions;
    private final LocalServerWorkarounds local;
    private final SuppressionHashes hashes;

    public MongoSuppressionList(MongoDatabase database, LocalServerWorkarounds local, SuppressionHashes hashes) {
        this.suppressions = database.getCollection(COLLECTION);
        this.local = local;
        this.hashes = hashes;
    }

    @Override
    public void suppress(Collection<Identifier> identifiers) {
        for (Identifier identifier : identifiers) {
            String hash = hashes.keyed(identifier.key());
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
        identifiers.forEach(i -> hashes.lookups(i.key())
                .forEach(h -> byHash.computeIfAbsent(h, x -> new ArrayList<>()).add(i)));
        Set<Identifier> suppressed = new HashSet<>();
        for (List<String> chunk : local.inChunks(byHash.keySet())) {
            for (Document d : suppressions.find(Filters.in("_id", chunk))) {
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
        List<String> lookups = identifiers.stream().flatMap(i -> hashes.lookups(i.key()).stream()).toList();
        return suppressions.find(Filters.in("_id", lookups)).first() != null;
    }
}
