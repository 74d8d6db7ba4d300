package io.omnijourney.profile.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.omnijourney.profile.app.SegmentStore;
import io.omnijourney.profile.domain.Segment;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** The {@code segments} collection: {@code _id} = segment id, the condition kept as text. */
public final class MongoSegmentStore implements SegmentStore {

    public static final String COLLECTION = "segments";

    private final MongoCollection<Document> segments;

    public MongoSegmentStore(MongoDatabase database) {
        this.segments = database.getCollection(COLLECTION);
    }

    @Override
    public List<Segment> all() {
        return segments.find().sort(Sorts.ascending("_id")).map(MongoSegmentStore::fromDocument)
                .into(new ArrayList<>());
    }

    @Override
    public Optional<Segment> find(String id) {
        return Optional.ofNullable(segments.find(Filters.eq("_id", id)).first()).map(MongoSegmentStore::fromDocument);
    }

    @Override
    public boolean insert(Segment segment) {
        return Inserts.ifAbsent(segments, toDocument(segment));
    }

    @Override
    public boolean replace(Segment segment) {
        return segments.replaceOne(Filters.and(Filters.eq("_id", segment.id()),
                Filters.eq("revision", segment.revision() - 1)), toDocument(segment)).getMatchedCount() == 1;
    }

    @Override
    public boolean delete(String id) {
        return segments.deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1;
    }

    @Override
    public boolean flagOverBudget(String id, long revision, String error, Instant at) {
        return segments.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("revision", revision)),
                Updates.combine(Updates.set("status", Segment.Status.OVER_BUDGET.name()),
                        Updates.set("lastError", error), Updates.set("lastErrorAt", Date.from(at))))
                .getMatchedCount() == 1;
    }

    private static Document toDocument(Segment s) {
        return new Document("_id", s.id()).append("name", s.name()).append("description", s.description())
                .append("condition", s.condition()).append("createdAt", Date.from(s.createdAt()))
                .append("updatedAt", Date.from(s.updatedAt())).append("revision", s.revision())
                .append("status", s.status().name()).append("lastError", s.lastError())
                .append("lastErrorAt", s.lastErrorAt() == null ? null : Date.from(s.lastErrorAt()));
    }

    private static Segment fromDocument(Document d) {
        return new Segment(d.getString("_id"), d.getString("name"), d.getString("description"),
                d.getString("condition"), d.getDate("createdAt").toInstant(), d.getDate("updatedAt").toInstant(),
                d.get("revision", Number.class).longValue(),
                d.getString("status") == null ? Segment.Status.ACTIVE : Segment.Status.valueOf(d.getString("status")),
                d.getString("lastError"), d.getDate("lastErrorAt") == null ? null : d.getDate("lastErrorAt").toInstant());
    }
}
