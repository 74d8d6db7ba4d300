package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.omnijourney.journey.app.SendFates;
import io.omnijourney.kit.mongo.BulkWrites;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Claimed fates in {@code send_fates}: one document per message and fate ({@code _id} {@code <requestId>/<fate>},
 * with the journey, step and claim time); an insert refused as a duplicate is a fate counted before. Real MongoDB
 * forgets claims after 180 days ({@link #EXPIRY_INDEX}), long after any redelivery of their events.
 */
public class MongoFateMarks implements SendFates.FateMarks {

    /** Claims expire 180 days after they were made (the local wire-protocol server keeps them). */
    public static final IndexModel EXPIRY_INDEX = new IndexModel(Indexes.ascending("at"),
            new IndexOptions().name("at_ttl").expireAfter(180L, TimeUnit.DAYS));

    private final MongoCollection<Document> marks;
    private final Clock clock;

    public MongoFateMarks(MongoDatabase database, Clock clock) {
        this.marks = database.getCollection("send_fates");
        this.clock = clock;
    }

    @Override
    public Set<String> claim(Collection<SendFates.Mark> claims) {
        Date at = Date.from(clock.instant());
        List<Document> documents = claims.stream().map(m -> new Document("_id", m.id())
                .append("journeyId", m.journeyId()).append("stepId", m.stepId()).append("at", at)).toList();
        Set<Integer> duplicates = BulkWrites.insertAllowingDuplicates(marks, documents);
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < documents.size(); i++) {
            if (!duplicates.contains(i)) {
                claimed.add(documents.get(i).getString("_id"));
            }
        }
        return claimed;
    }
}
