package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import org.bson.Document;

/**
 * Everything profile-service does only because the local stack and the tests run on the MongoDB wire-protocol server
 * (mongo-java-server) rather than on MongoDB, in one place. {@code omnijourney.profile.mongo.local-server-workarounds}
 * turns them on (the default, for the local server) or off (real MongoDB, where none of them is needed):
 *
 * <ol>
 *   <li><b>Exact-key index for conditional writes.</b> The local server uses an index only for a query on exactly its
 *   fields: without a unique {@code {_id, version}} index every conditional write scanned the collection (11 ms per
 *   write at 20,000 profiles, 0.2 ms with it). MongoDB serves {@code {_id, version}} from its {@code _id} index: off,
 *   the extra index is not created (and dropped where an earlier version created it).</li>
 *   <li><b>{@code $in} in chunks.</b> The local server re-checks every candidate of an {@code $in} query against the
 *   whole list (k squared: 80 ms for 1,000 keys where ten queries of 100 take a few). MongoDB does not: off, one
 *   query takes all the keys.</li>
 *   <li><b>A list of each person's timeline entries</b> ({@link LocalTimelineIndex}). The local server ignores the
 *   timeline's {@code (profileId, timestamp, _id)} index, so a page of one person's timeline scanned every entry of
 *   everyone. On, each profile's entries are also listed in one document, and a page is read from it and loaded by
 *   {@code _id}; schema migration {@code profile-0009} lists the entries written before. Off, nothing is listed.</li>
 *   <li><b>Segment members sorted here.</b> Without the {@code (segments, _id)} index, the server sorted every
 *   member's whole document by id for a page of 50 (525 ms for 33,000 members of 100,000 profiles); on, only the
 *   members' ids are read and the smallest kept here. MongoDB walks the index: off, it sorts and limits.</li>
 * </ol>
 *
 * <p>Torn reads (a read racing an update answered with fields of two versions, which MongoDB never returns) are
 * prevented by the local server itself ({@code WholeAnswers} in infra-launcher), not here.
 */
public final class LocalServerWorkarounds {

    private static final int IN_CHUNK = 100;

    private final boolean enabled;

    public LocalServerWorkarounds(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether the adaptations are on (the schema migrations create the exact-key index only then). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The unique index on exactly the fields of a conditional write's filter, which the local server needs
     * ({@link ProfileMigrations} creates it where the workarounds are on).
     */
    static IndexModel exactKeyIndex(String... fields) {
        return new IndexModel(Indexes.ascending(fields), new IndexOptions().unique(true));
    }

    /** The values of an {@code $in} query, split as the server needs them. */
    <T> List<List<T>> inChunks(Collection<T> values) {
        List<T> all = new ArrayList<>(values);
        if (!enabled) {
            return all.isEmpty() ? List.of() : List.of(all);
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return chunks;
    }

    /**
     * The {@code limit} smallest ids (in order) of what {@code find} matches, read as ids only and compared here
     * instead of sorted by the local server (which sorts whole documents).
     */
    List<String> smallestIds(FindIterable<Document> find, int limit) {
        PriorityQueue<String> largestFirst = new PriorityQueue<>(limit + 1, java.util.Comparator.reverseOrder());
        for (Document d : find.batchSize(10_000)) {
            String id = d.getString("_id");
            if (largestFirst.size() < limit) {
                largestFirst.add(id);
            } else if (id.compareTo(largestFirst.peek()) < 0) {
                largestFirst.poll();
                largestFirst.add(id);
            }
        }
        List<String> ids = new ArrayList<>(largestFirst);
        ids.sort(null);
        return ids;
    }
}
