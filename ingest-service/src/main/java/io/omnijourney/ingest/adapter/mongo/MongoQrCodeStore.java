package io.omnijourney.ingest.adapter.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.omnijourney.ingest.app.QrCodeStore;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.qr.QrCode;
import io.omnijourney.kit.mongo.RequestReads;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * QR codes in {@code qr_codes} ({@code _id} = the code's id). The properties an admin gives are stored as
 * {@code {k, v}} entries, never as field names.
 */
@ApplicationScoped
public class MongoQrCodeStore implements QrCodeStore {

    static final String COLLECTION = "qr_codes";

    private final MongoCollection<Document> codes;

    public MongoQrCodeStore(MongoClient client, IngestConfig config) {
        this.codes = client.getDatabase(config.database()).getCollection(COLLECTION);
    }

    @Override
    public void insert(QrCode code) {
        List<Document> properties = new ArrayList<>();
        code.properties().forEach((k, v) -> properties.add(new Document("k", k).append("v", v)));
        codes.insertOne(new Document("_id", code.id()).append("sourceId", code.sourceId()).append("name", code.name())
                .append("target", code.target()).append("properties", properties)
                .append("createdAt", Date.from(code.createdAt())));
    }

    @Override
    public Optional<QrCode> find(String id) {
        return Optional.ofNullable(RequestReads.bounded(codes.find(eq("_id", id))).first())
                .map(MongoQrCodeStore::toCode);
    }

    @Override
    public long countForSource(String sourceId) {
        return codes.countDocuments(eq("sourceId", sourceId), new CountOptions()
                .maxTime(RequestReads.MAX_TIME.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public List<QrCode> forSource(String sourceId, int limit) {
        return RequestReads.bounded(codes.find(eq("sourceId", sourceId))).sort(new Document("createdAt", 1))
                .limit(limit).map(MongoQrCodeStore::toCode).into(new ArrayList<>());
    }

    @Override
    public Optional<QrCode> revoke(String sourceId, String id, Instant at) {
        Document updated = codes.findOneAndUpdate(and(eq("_id", id), eq("sourceId", sourceId), eq("revokedAt", null)),
                Updates.set("revokedAt", Date.from(at)), new FindOneAndUpdateOptions()
                        .returnDocument(ReturnDocument.AFTER));
        if (updated == null) {
            // Revoked before (keeps its first time), or not a code of this source.
            updated = codes.find(and(eq("_id", id), eq("sourceId", sourceId))).first();
        }
        return Optional.ofNullable(updated).map(MongoQrCodeStore::toCode);
    }

    private static QrCode toCode(Document d) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Document p : d.getList("properties", Document.class, List.of())) {
            properties.put(p.getString("k"), p.get("v"));
        }
        Date revoked = d.getDate("revokedAt");
        return new QrCode(d.getString("_id"), d.getString("sourceId"), d.getString("name"), d.getString("target"),
                properties, d.getDate("createdAt").toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
