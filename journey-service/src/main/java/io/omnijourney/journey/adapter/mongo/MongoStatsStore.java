package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.journey.app.StatCounts;
import io.omnijourney.journey.app.StatCounts.CounterKey;
import io.omnijourney.journey.app.StatsStore;
import io.omnijourney.journey.domain.RequestIds;
import io.omnijourney.kit.mongo.BulkWrites;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Counters in {@code stats}: one document per journey version ({@code _id} {@code <journey>/<version>}) and one per
 * step of it ({@code <journey>/<version>/<key of the step id>}), with {@code journeyId}, {@code version},
 * {@code stepId} and the counts under {@code c} ({@code c.entered}, {@code c.exited.<reason>}, ...). Read by
 * {@code _id} only (the statistics request knows every key from the journey's versions), so the local wire-protocol
 * server needs no index for them either.
 */
public class MongoStatsStore implements StatsStore {

    private final MongoCollection<Document> stats;
    private final LocalServerWorkarounds workarounds;

    public MongoStatsStore(MongoDatabase database, LocalServerWorkarounds workarounds) {
        this.stats = database.getCollection("stats");
        this.workarounds = workarounds;
    }

    static String id(CounterKey key) {
        String id = key.journeyId() + "/" + key.version();
        return key.stepId() == null ? id : id + "/" + RequestIds.fieldKey(key.stepId());
    }

    @Override
    public void add(StatCounts counts) {
        List<WriteModel<Document>> models = new ArrayList<>();
        counts.increments().forEach((key, fields) -> {
            List<Bson> updates = new ArrayList<>();
            updates.add(Updates.setOnInsert("journeyId", key.journeyId()));
            updates.add(Updates.setOnInsert("version", key.version()));
            updates.add(Updates.setOnInsert("stepId", key.stepId()));
            fields.forEach((field, n) -> {
                if (n != 0) {
                    updates.add(Updates.inc("c." + field, n));
                }
            });
            models.add(new UpdateOneModel<>(new Document("_id", id(key)), Updates.combine(updates),
                    new UpdateOptions().upsert(true)));
        });
        write(models);
    }

    @Override
    public void replace(StatCounts counts) {
        List<WriteModel<Document>> models = new ArrayList<>();
        counts.increments().forEach((key, fields) -> {
            Document c = new Document();
            fields.forEach((field, n) -> {
                int dot = field.indexOf('.');
                if (dot < 0) {
                    c.append(field, n);
                } else {
                    Document group = c.get(field.substring(0, dot), Document.class);
                    if (group == null) {
                        group = new Document();
                        c.append(field.substring(0, dot), group);
                    }
                    group.append(field.substring(dot + 1), n);
                }
            });
            models.add(new ReplaceOneModel<>(new Document("_id", id(key)), new Document("_id", id(key))
                    .append("journeyId", key.journeyId()).append("version", key.version())
                    .append("stepId", key.stepId()).append("c", c), new ReplaceOptions().upsert(true)));
        });
        write(models);
    }

    private void write(List<WriteModel<Document>> models) {
        for (int from = 0; from < models.size(); from += 1000) {
            BulkWrites.write(stats, models.subList(from, Math.min(models.size(), from + 1000)));
        }
    }

    @Override
    public Map<CounterKey, Map<String, Long>> read(Collection<CounterKey> keys) {
        Map<String, CounterKey> byId = new HashMap<>();
        keys.forEach(k -> byId.put(id(k), k));
        Map<CounterKey, Map<String, Long>> found = new HashMap<>();
        workarounds.findByIds(stats, byId.keySet(), null, d -> {
            Map<String, Long> fields = new LinkedHashMap<>();
            Document c = d.get("c", Document.class);
            if (c != null) {
                c.forEach((field, value) -> {
                    if (value instanceof Document group) {
                        group.forEach((sub, n) -> fields.put(field + "." + sub, ((Number) n).longValue()));
                    } else if (value instanceof Number n) {
                        fields.put(field, n.longValue());
                    }
                });
            }
            found.put(byId.get(d.getString("_id")), fields);
        });
        return found;
    }
}
