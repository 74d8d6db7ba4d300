package io.omnijourney.notification.adapter.mongo;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Every adaptation of this service's MongoDB adapters to the wire-protocol server used where no real MongoDB runs
 * (mongo-java-server: tests, the local stack, machines without Docker), each with what real MongoDB does instead.
 * The ones real MongoDB needs none of are switched off by {@code omnijourney.notification.mongo.local-server-
 * workarounds=false}, which is safe against a real MongoDB (replica set or standalone) today:
 *
 * <ol>
 *   <li><b>Exact-key unique indexes</b> (switched, {@link #exactKeyIndex}). The local server serves a query from an
 *   index only when the filter's keys are exactly that index's keys, and scans the whole collection otherwise (each
 *   send got slower as the ledger grew). The ledger's writes filter on {@code {_id, state}}, the profile copies'
 *   conditional replaces on {@code {_id, version}}: each has a unique index on exactly those keys (unique because
 *   {@code _id} is). Real MongoDB serves both filters from its {@code _id} index; there the extra index only costs
 *   a write per change, and NotificationMigrations drops it where an earlier version created it.</li>
 *   <li><b>{@code $in} in chunks</b> (switched, {@link #chunks}). The local server re-checks each candidate of an
 *   {@code $in} against the whole list, k squared comparisons for k keys: a poll's profiles are read
 *   {@value #CHUNK} ids at a time. Real MongoDB takes the whole list in one query.</li>
 *   <li><b>Filter shapes</b> (always, harmless on real MongoDB, {@link #exactKeys}). Conditional writes filter with a
 *   plain document on exactly the indexed keys, not {@code Filters.and}, which is rendered as {@code $and} and served
 *   from no index locally; a daily-cap counter takes a request's id by its {@code _id} alone and the request's
 *   rank is taken from the answer, rather than filtered on the number of ids.</li>
 * </ol>
 *
 * Reads that race a replace need nothing here: the local server never returns a torn document, as it copies every
 * document it answers under the collection lock ({@code WholeAnswers} in infra-launcher).
 *
 * <p>Left as they are: reads by {@code profileId} (the ledger and inbox lists, erasure purges) scan the collection
 * locally, as the server ignores non-unique secondary indexes; they are rare and small. Real MongoDB uses the
 * indexes created for them.
 */
public final class LocalServerWorkarounds {

    /** The defaults: every workaround on, as the local server needs. */
    public static final LocalServerWorkarounds ON = new LocalServerWorkarounds(true);

    static final int CHUNK = 100;

    private final boolean enabled;

    public LocalServerWorkarounds(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * A unique index on exactly {@code keys} (the first being {@code _id}), which the local server needs
     * ({@link NotificationMigrations} creates it where the workarounds are on).
     */
    static IndexModel exactKeyIndex(String... keys) {
        return new IndexModel(Indexes.ascending(keys), new IndexOptions().unique(true));
    }

    /** The values of an {@code $in} query, in chunks the local server handles well; one chunk otherwise. */
    <T> List<List<T>> chunks(Collection<T> values) {
        List<T> all = new ArrayList<>(values);
        if (!enabled || all.size() <= CHUNK) {
            return all.isEmpty() ? List.of() : List.of(all);
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }

    /** A filter on exactly these keys and values, as a plain document: {@code exactKeys("_id", id, "state", s)}. */
    static Bson exactKeys(String key, Object value, Object... moreKeysAndValues) {
        Document filter = new Document(key, value);
        for (int i = 0; i < moreKeysAndValues.length; i += 2) {
            filter.append((String) moreKeysAndValues[i], moreKeysAndValues[i + 1]);
        }
        return filter;
    }
}
