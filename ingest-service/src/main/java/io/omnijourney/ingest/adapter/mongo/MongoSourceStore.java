package io.omnijourney.ingest.adapter.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.ingest.app.SourceStore;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.source.AllowedOrigins;
import io.omnijourney.ingest.domain.source.Source;
import io.omnijourney.ingest.domain.source.SourceKind;
import io.omnijourney.ingest.domain.source.SourceStatus;
import io.omnijourney.kit.mongo.RequestReads;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/** Sources in the {@code sources} collection of the ingest database; keys only as SHA-256 hashes. */
@ApplicationScoped
public class MongoSourceStore implements SourceStore {

    static final String COLLECTION = "sources";
    private static final String ACTIVE = SourceStatus.ACTIVE.wireName();

    private final MongoCollection<Document> sources;

    public MongoSourceStore(MongoClient client, IngestConfig config) {
        this.sources = client.getDatabase(config.database()).getCollection(COLLECTION);
    }

    @Override
    public boolean insert(Source source, String keyHash) {
        Document doc = new Document("_id", source.id())
                .append("name", source.name())
                .append("channel", source.channel().wireName())
                .append("kind", source.kind().wireName())
                .append("status", source.status().wireName())
                .append("keyHash", keyHash)
                .append("keyPrefix", source.keyPrefix())
                .append("createdAt", Date.from(source.createdAt()))
                .append("keyRotatedAt", Date.from(source.keyRotatedAt()));
        source.verificationKey().ifPresent(k -> doc.append("verificationKey", k));
        source.rateLimitPerSecond().ifPresent(r -> doc.append("rateLimitPerSecond", r));
        doc.append("allowedOrigins", source.allowedOrigins().entries());
        try {
            sources.insertOne(doc);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Source> findById(String id) {
        return Optional.ofNullable(sources.find(eq("_id", id)).first()).map(MongoSourceStore::toSource);
    }

    @Override
    public Optional<Source> findActiveByKeyHash(String keyHash, Instant now) {
        Document found = RequestReads.bounded(sources.find(and(eq("status", ACTIVE), or(eq("keyHash", keyHash),
                and(eq("previousKeyHash", keyHash), gt("previousKeyValidUntil", Date.from(now))))))).first();
        return Optional.ofNullable(found).map(MongoSourceStore::toSource);
    }

    @Override
    public List<Source> list() {
        return RequestReads.bounded(sources.find()).sort(new Document("createdAt", 1)).map(MongoSourceStore::toSource)
                .into(new ArrayList<>());
    }

    @Override
    public Optional<Source> rotateKey(String id, String newKeyHash, String newKeyPrefix, Instant now,
            Instant previousValidUntil) {
        Document current = sources.find(and(eq("_id", id), eq("status", ACTIVE))).first();
        if (current == null) {
            return Optional.empty();
        }
        Document updated = sources.findOneAndUpdate(
                and(eq("_id", id), eq("status", ACTIVE), eq("keyHash", current.getString("keyHash"))),
                combine(set("keyHash", newKeyHash), set("keyPrefix", newKeyPrefix),
                        set("previousKeyHash", current.getString("keyHash")),
                        set("previousKeyValidUntil", Date.from(previousValidUntil)),
                        set("keyRotatedAt", Date.from(now))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(updated).map(MongoSourceStore::toSource);
    }

    @Override
    public Optional<Source> updateAllowedOrigins(String id, AllowedOrigins origins) {
        Document updated = sources.findOneAndUpdate(eq("_id", id), set("allowedOrigins", origins.entries()),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(updated).map(MongoSourceStore::toSource);
    }

    @Override
    public Optional<Source> revoke(String id, Instant now) {
        // The unique index on keyHash must still hold, so the hash is replaced by a value no key can hash to.
        Document updated = sources.findOneAndUpdate(eq("_id", id),
                combine(set("status", SourceStatus.REVOKED.wireName()), set("keyHash", "revoked:" + id),
                        unset("previousKeyHash"), unset("previousKeyValidUntil"), set("revokedAt", Date.from(now))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(updated).map(MongoSourceStore::toSource);
    }

    private static Source toSource(Document doc) {
        return new Source(
                doc.getString("_id"),
                doc.getString("name"),
                Channel.fromWire(doc.getString("channel")),
                SourceKind.fromWire(doc.getString("kind")),
                SourceStatus.valueOf(doc.getString("status").toUpperCase(java.util.Locale.ROOT)),
                Optional.ofNullable(doc.getString("verificationKey")),
                Optional.ofNullable(doc.getInteger("rateLimitPerSecond")),
                doc.getString("keyPrefix"),
                instant(doc, "createdAt"),
                instant(doc, "keyRotatedAt"),
                instant(doc, "revokedAt"),
                allowedOrigins(doc));
    }

    /** Sources stored before origins were kept get their channel's default. */
    private static AllowedOrigins allowedOrigins(Document doc) {
        List<String> entries = doc.getList("allowedOrigins", String.class);
        return entries == null ? null : AllowedOrigins.ofStored(entries);
    }

    private static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
