package io.omnijourney.journey.adapter.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import io.omnijourney.journey.app.ConditionFlags;
import io.omnijourney.journey.domain.Condition;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * Flags in {@code condition_flags}, one document per journey version ({@code _id} = journeyId:version, the same key
 * as {@code journey_versions}): bounded by the number of versions, and replaced only by a later flag.
 */
public class MongoConditionFlags implements ConditionFlags {

    private final MongoCollection<Document> flags;

    public MongoConditionFlags(MongoDatabase database) {
        this.flags = database.getCollection("condition_flags");
    }

    @Override
    public void record(String journeyId, int version, Condition.OverBudget flag) {
        String id = journeyId + ":" + version;
        Date at = Date.from(flag.at());
        Document document = new Document("_id", id).append("journeyId", journeyId).append("version", version)
                .append("condition", flag.condition()).append("reason", flag.reason()).append("at", at);
        try {
            flags.replaceOne(and(eq("_id", id), lt("at", at)), document, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // A flag at least as recent is stored: it stays.
        }
    }

    @Override
    public Optional<Condition.OverBudget> find(String journeyId, int version) {
        return Optional.ofNullable(flags.find(eq("_id", journeyId + ":" + version)).first())
                .map(d -> new Condition.OverBudget(d.getString("condition"), d.getString("reason"),
                        d.getDate("at").toInstant()));
    }
}
