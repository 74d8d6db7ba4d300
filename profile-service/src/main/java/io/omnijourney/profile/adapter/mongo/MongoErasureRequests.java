package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.omnijourney.profile.app.ErasureRequest;
import io.omnijourney.profile.app.ErasureRequests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Erasure requests: the {@code erasures} collection ({@code _id} = erasureId; the request, this service's purge, and
 * the outbox state of its {@code profile_erased} events in one document, so recording the request and its outbox
 * entry is one atomic insert) and {@code erasure_subjects} ({@code _id} = profile id, naming its erasure), which finds
 * the request of an erased or merged-away id without a query on an array.
 */
public class MongoErasureRequests implements ErasureRequests {

    public static final String COLLECTION = "erasures";
    public static final String SUBJECTS = "erasure_subjects";
    private static final int MAX_ERROR = 300;

    private final MongoCollection<Document> erasures;
    private final MongoCollection<Document> subjects;

    public MongoErasureRequests(MongoDatabase database) {
        this.erasures = database.getCollection(COLLECTION);
        this.subjects = database.getCollection(SUBJECTS);
    }

    @Override
    public ErasureRequest recordIfAbsent(ErasureRequest request) {
        Document document = new Document("_id", request.erasureId())
                .append("profileId", request.profileId())
                .append("profileIds", request.profileIds())
                .append("requestedAt", Date.from(request.requestedAt()))
                .append("open", true)
                .append("publication", new Document("attempts", 0));
        if (Inserts.ifAbsent(erasures, document)) {
            return request;
        }
        return byId(request.erasureId()).orElseThrow();
    }

    @Override
    public Optional<ErasureRequest> byId(String erasureId) {
        return Optional.ofNullable(erasures.find(Filters.eq("_id", erasureId)).first())
                .map(MongoErasureRequests::request);
    }

    @Override
    public Optional<ErasureRequest> bySubject(String profileId) {
        Document subject = subjects.find(Filters.eq("_id", profileId)).first();
        return subject == null ? Optional.empty() : byId(subject.getString("erasureId"));
    }

    @Override
    public void addSubjects(String erasureId, Collection<String> profileIds) {
        erasures.updateOne(Filters.eq("_id", erasureId),
                Updates.addEachToSet("profileIds", new ArrayList<>(profileIds)));
        for (String profileId : profileIds) {
            subjects.updateOne(Filters.eq("_id", profileId), Updates.setOnInsert("erasureId", erasureId),
                    new UpdateOptions().upsert(true));
        }
    }

    @Override
    public void markPurged(String erasureId, ErasureRequest.Purge purge) {
        erasures.updateOne(Filters.eq("_id", erasureId), Updates.set("purge", new Document("at", Date.from(purge.at()))
                .append("identifiers", purge.identifiers()).append("timelineEntries", purge.timelineEntries())));
    }

    @Override
    public void markPublished(String erasureId, Instant sentAt) {
        erasures.updateOne(Filters.eq("_id", erasureId), Updates.combine(
                Updates.set("publication.sentAt", Date.from(sentAt)), Updates.unset("publication.nextAttemptAt"),
                Updates.set("open", false)));
    }

    @Override
    public void publicationFailed(String erasureId, int attempts, String error, Instant nextAttemptAt) {
        String reason = error == null ? "unknown" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        erasures.updateOne(Filters.eq("_id", erasureId), Updates.combine(
                Updates.set("publication.attempts", attempts), Updates.set("publication.lastError", reason),
                Updates.set("publication.nextAttemptAt", Date.from(nextAttemptAt))));
    }

    @Override
    public List<ErasureRequest> unfinished(int limit) {
        List<ErasureRequest> open = new ArrayList<>();
        for (Document d : erasures.find(Filters.eq("open", true)).sort(Sorts.ascending("requestedAt")).limit(limit)) {
            open.add(request(d));
        }
        return open;
    }

    private static ErasureRequest request(Document d) {
        Document purge = d.get("purge", Document.class);
        Document publication = d.get("publication", Document.class);
        return new ErasureRequest(d.getString("_id"), d.getString("profileId"), d.getList("profileIds", String.class),
                d.getDate("requestedAt").toInstant(),
                purge == null ? null : new ErasureRequest.Purge(purge.getDate("at").toInstant(),
                        purge.getInteger("identifiers", 0), number(purge.get("timelineEntries"))),
                new ErasureRequest.Publication(publication.getInteger("attempts", 0),
                        publication.getString("lastError"), instant(publication.getDate("nextAttemptAt")),
                        instant(publication.getDate("sentAt"))));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
