package io.omnijourney.journey.adapter.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.omnijourney.journey.app.JourneyStatus;
import io.omnijourney.journey.app.JourneyStore;
import io.omnijourney.journey.app.JourneyVersion;
import io.omnijourney.journey.app.StoredJourney;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Journeys in {@code journeys} (the draft as JSON text: its keys are the marketer's) and published versions in
 * {@code journey_versions} ({@code _id} = journeyId:version, so a number is taken once).
 */
public class MongoJourneyStore implements JourneyStore {

    private final MongoCollection<Document> journeys;
    private final MongoCollection<Document> versions;

    public MongoJourneyStore(MongoDatabase database) {
        this.journeys = database.getCollection("journeys");
        this.versions = database.getCollection("journey_versions");
    }

    @Override
    public void create(StoredJourney journey) {
        journeys.insertOne(document(journey).append("_id", journey.id()).append("revision", 1L));
    }

    @Override
    public Optional<StoredJourney> find(String id) {
        return Optional.ofNullable(journeys.find(eq("_id", id)).first()).map(MongoJourneyStore::read);
    }

    @Override
    public long countNotArchived() {
        return journeys.countDocuments(ne("status", JourneyStatus.ARCHIVED.name()));
    }

    @Override
    public List<StoredJourney> list() {
        List<StoredJourney> all = new ArrayList<>();
        journeys.find().sort(Sorts.ascending("createdAt")).forEach(d -> all.add(read(d)));
        return all;
    }

    @Override
    public boolean update(StoredJourney journey) {
        Document set = document(journey).append("revision", journey.revision() + 1);
        return journeys.updateOne(and(eq("_id", journey.id()), eq("revision", journey.revision())),
                new Document("$set", set)).getModifiedCount() == 1;
    }

    @Override
    public boolean addVersion(JourneyVersion version) {
        try {
            versions.insertOne(new Document("_id", version.journeyId() + ":" + version.version())
                    .append("journeyId", version.journeyId()).append("version", version.version())
                    .append("definition", version.definitionJson())
                    .append("publishedAt", InstanceDocuments.date(version.publishedAt())));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<JourneyVersion> version(String journeyId, int version) {
        return Optional.ofNullable(versions.find(eq("_id", journeyId + ":" + version)).first())
                .map(d -> new JourneyVersion(d.getString("journeyId"), d.getInteger("version"),
                        d.getString("definition"), InstanceDocuments.instant(d.getDate("publishedAt"))));
    }

    private static Document document(StoredJourney j) {
        return new Document("name", j.name()).append("status", j.status().name()).append("draft", j.draftJson())
                .append("publishedVersion", j.publishedVersion())
                .append("createdAt", InstanceDocuments.date(j.createdAt()))
                .append("updatedAt", InstanceDocuments.date(j.updatedAt()));
    }

    private static StoredJourney read(Document d) {
        return new StoredJourney(d.getString("_id"), d.getString("name"), JourneyStatus.valueOf(d.getString("status")),
                d.getString("draft"), d.getInteger("publishedVersion", 0),
                InstanceDocuments.instant(d.getDate("createdAt")), InstanceDocuments.instant(d.getDate("updatedAt")),
                d.get("revision", Number.class).longValue());
    }
}
