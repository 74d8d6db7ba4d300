package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.kit.mongo.BulkWrites;
import io.omnijourney.profile.app.MetricBuckets;
import io.omnijourney.profile.domain.MetricSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code metric_buckets}: one document per series, bucket start and dimension ({@code _id}
 * {@code <series>|<bucket start>|<dimension>}), with {@code series}, {@code at}, {@code dim} and the counters under
 * {@code c} (their names are {@link MetricSeries}'s, the dimension is a value). The increments of a poll are summed
 * first and written as one unordered bulk of {@code $inc} upserts.
 */
public class MongoMetricBuckets implements MetricBuckets {

    public static final String COLLECTION = "metric_buckets";
    /** A series' buckets by time (what every read asks). */
    public static final IndexModel SERIES_TIME_INDEX = new IndexModel(Indexes.ascending("series", "at"),
            new IndexOptions().name("series_1_at_1"));
    /** A bound on one read: a year of days per dimension, or a month of hours for a handful of sources. */
    static final int MAX_READ = 20_000;

    private final MongoCollection<Document> buckets;

    public MongoMetricBuckets(MongoDatabase database) {
        this.buckets = database.getCollection(COLLECTION);
    }

    @Override
    public void add(List<MetricSeries.Increment> increments) {
        Map<String, Map<String, Long>> sums = new LinkedHashMap<>();
        Map<String, MetricSeries.Increment> firsts = new LinkedHashMap<>();
        for (MetricSeries.Increment inc : increments) {
            String id = inc.series().wireName() + "|" + inc.at() + "|" + inc.dimension();
            firsts.putIfAbsent(id, inc);
            sums.computeIfAbsent(id, k -> new TreeMap<>()).merge(inc.field(), inc.n(), Long::sum);
        }
        List<WriteModel<Document>> models = new ArrayList<>();
        sums.forEach((id, fields) -> {
            MetricSeries.Increment first = firsts.get(id);
            List<Bson> updates = new ArrayList<>();
            updates.add(Updates.setOnInsert("series", first.series().wireName()));
            updates.add(Updates.setOnInsert("at", Date.from(first.at())));
            updates.add(Updates.setOnInsert("dim", first.dimension()));
            fields.forEach((field, n) -> updates.add(Updates.inc("c." + field, n)));
            models.add(new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(updates),
                    new UpdateOptions().upsert(true)));
        });
        for (int from = 0; from < models.size(); from += 1000) {
            BulkWrites.write(buckets, models.subList(from, Math.min(models.size(), from + 1000)));
        }
    }

    @Override
    public List<Bucket> read(MetricSeries.Series series, Instant from, Instant to, Optional<String> dimension) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("series", series.wireName()),
                Filters.gte("at", Date.from(from)), Filters.lt("at", Date.from(to))));
        dimension.ifPresent(d -> filters.add(Filters.eq("dim", d)));
        List<Bucket> found = new ArrayList<>();
        buckets.find(Filters.and(filters)).sort(Sorts.ascending("at", "dim")).limit(MAX_READ).forEach(d -> {
            Map<String, Long> counts = new TreeMap<>();
            Document c = d.get("c", Document.class);
            if (c != null) {
                c.forEach((field, n) -> {
                    if (n instanceof Number number) {
                        counts.put(field, number.longValue());
                    }
                });
            }
            found.add(new Bucket(d.getDate("at").toInstant(), d.getString("dim"), counts));
        });
        return found;
    }
}
