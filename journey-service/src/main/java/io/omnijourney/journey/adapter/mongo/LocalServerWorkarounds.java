package io.omnijourney.journey.adapter.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Everything this service's MongoDB adapters do only because local runs and tests use a MongoDB wire-protocol server
 * in Java (mongo-java-server) instead of MongoDB, and what real MongoDB does instead.
 *
 * <p><b>Switchable</b> with {@code omnijourney.journey.mongo.local-server-workarounds} (default {@code true}; set it
 * to {@code false} against a real MongoDB replica set; either value is correct against either server, only the cost
 * differs):
 * <ol>
 *   <li><b>{@code $in} in chunks.</b> The local server re-checks every candidate of an {@code $in} against the whole
 *   list, so a read of n ids costs n squared: reads by {@code _id} ({@link #findByIds}: instances, profile documents)
 *   send 100 ids per query. Real MongoDB answers an {@code $in} on {@code _id} from the {@code _id} index: off, one
 *   query takes up to 10,000 ids (which keeps a command far below the 16 MB limit).</li>
 *   <li><b>Exact-key unique indexes.</b> Conditional writes filter on a plain {@code {_id, revision}} document
 *   ({@link #exactKey}), never on {@code Filters.and}, which driver 5.6 renders as {@code $and}. The local server
 *   uses an index only for a query on exactly that index's keys, so a unique {@code (_id, revision)} index on
 *   {@code instances} and {@code (_id, rev)} on {@code hints} ({@link #exactKeyIndex}) spare each conditional write a
 *   scan of its collection. Real MongoDB answers both filters from the {@code _id} index: off, these two indexes are
 *   not created (their uniqueness follows from {@code _id}'s; the filter form means the same to both servers).</li>
 * </ol>
 *
 * <p><b>Not switchable</b> (the read and write paths are built on them; moving to what real MongoDB offers is a
 * change of those paths and a data migration, not a setting):
 * <ol start="3">
 *   <li><b>Timer and outbox hints</b> (the {@code hints} collection, {@link InstanceHints}, the one-time pass
 *   {@link TimerOutboxHints}). The local server ignores non-unique and partial indexes, so finding due timers or
 *   stale outboxes would scan every instance ever started, every second per scheduler thread. Real MongoDB: partial
 *   indexes on {@code instances}, {@code {dueAt: 1}} where {@code status} is {@code ACTIVE} and
 *   {@code {outboxSince: 1}} where {@code outboxSince} is a date, queried directly; no hint documents and no hint
 *   writes before and after instance writes.</li>
 *   <li><b>The per-profile listing of live instances</b> ({@code live.<id>} in each profile document, at most
 *   {@code ProfileCache.MAX_LIVE}, an instance unlisted once no event can change it, maintained by the unit of work).
 *   A query on an instance's {@code profileId} scans every instance on the local server. Real MongoDB: the
 *   {@code {profileId: 1, journeyId: 1}} index on {@code instances} (created on both servers; erasure and merges
 *   already query it) and one {@code profileId $in} query per poll with a {@code live} flag on the instance. The
 *   entry records ({@code entries.<key>}, one per journey) are needed on both servers: they keep re-entry rules and
 *   the frequency cap exact without reading finished instances.</li>
 *   <li><b>Torn reads</b>: nothing to guard here. The local server can return a half-replaced document while a
 *   {@code replaceOne} runs; this service changes instances and hints only with {@code $set}-style updates
 *   conditional on their revision, never with {@code replaceOne}.</li>
 * </ol>
 */
public final class LocalServerWorkarounds {

    /** For the local wire-protocol server (the default). */
    public static final LocalServerWorkarounds ON = new LocalServerWorkarounds(true);
    /** For real MongoDB. */
    public static final LocalServerWorkarounds OFF = new LocalServerWorkarounds(false);

    static final int LOCAL_IN_CHUNK = 100;
    static final int IN_CHUNK = 10_000;

    private final boolean enabled;

    private LocalServerWorkarounds(boolean enabled) {
        this.enabled = enabled;
    }

    public static LocalServerWorkarounds of(boolean enabled) {
        return enabled ? ON : OFF;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Reads the documents with these {@code _id}s ({@code $in}, chunked as the server needs), each to {@code action}. */
    void findByIds(MongoCollection<Document> collection, Collection<String> ids, Bson projection,
            Consumer<Document> action) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        int chunkSize = enabled ? LOCAL_IN_CHUNK : IN_CHUNK;
        for (int from = 0; from < distinct.size(); from += chunkSize) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + chunkSize));
            Bson filter = chunk.size() == 1 ? eq("_id", chunk.get(0)) : in("_id", chunk);
            collection.find(filter).projection(projection).forEach(action);
        }
    }

    /**
     * The unique {@code (_id, versionField)} index the local server needs for exact-key conditional writes
     * ({@link JourneyMigrations} creates it only where the workarounds are on, and drops it where they are off).
     */
    static IndexModel exactKeyIndex(String versionField, String name) {
        return new IndexModel(Indexes.ascending("_id", versionField), new IndexOptions().unique(true).name(name));
    }

    /** The filter of a conditional write: exactly {@code {_id, versionField}}, as a plain document (never {@code $and}). */
    static Document exactKey(String id, String versionField, long version) {
        return new Document("_id", id).append(versionField, version);
    }
}
