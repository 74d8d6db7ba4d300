package io.omnijourney.journey.adapter.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import io.omnijourney.journey.app.ProfileCache;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Everything this service's MongoDB adapters do only because local runs and tests use a MongoDB wire-protocol server
 * in Java (mongo-java-server) instead of MongoDB, and what real MongoDB does instead. The choice between the two
 * paths is made here and nowhere else.
 *
 * <p><b>Switchable</b> with {@code omnijourney.journey.mongo.local-server-workarounds} (default {@code false}, the
 * real-MongoDB path; {@code true} in the dev and test profiles and the local stack). Either value is correct against
 * either server; only the cost differs (the local server scans where real MongoDB uses an index):
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
 *   <li><b>Timer and outbox hints</b> ({@link #timerIndex}). The local server ignores non-unique and partial
 *   indexes, so finding due timers or stale outboxes would scan every instance ever started, every second per
 *   scheduler thread. On: the {@code hints} collection ({@link HintedTimers}, {@link InstanceHints}), written before
 *   and after instance writes, and the one-time pass {@link TimerOutboxHints}. Off ({@link IndexedTimers}): no hint
 *   documents and no hint writes; due timers are a query on {@code instances} served by the partial index
 *   {@code {dueAt: 1}} where {@code status} is {@code ACTIVE}, stale outboxes one served by {@code {outboxSince: 1}}
 *   where {@code outboxSince} is a date. Claims are the same on both paths ({@link TimerClaims}).</li>
 *   <li><b>The per-profile listing of live instances</b> ({@link #liveInstances}). A query on an instance's
 *   {@code profileId} scans every instance on the local server. On ({@link ListedLiveInstances}): {@code live.<id>}
 *   in each profile document, at most {@code ProfileCache.MAX_LIVE}, maintained by the unit of work, and the one-time
 *   pass {@link ProfileInstanceListing}. Off ({@link FlaggedLiveInstances}): a {@code live} flag on the instance,
 *   set by its insert and removed when it is unlisted; a poll's profiles find their live instances with one
 *   {@code profileId $in} query, served by the partial index {@code {profileId: 1}} where {@code live} is true; the
 *   profile document has no {@code live} map (the one-time pass {@link LiveInstanceFlags} moves data listed by the
 *   other path). The entry records ({@code entries.<key>}, one per journey) are kept on both paths: they keep
 *   re-entry rules and the frequency cap exact without reading finished instances.</li>
 * </ol>
 *
 * <p><b>Nothing to switch</b>: torn reads. The local server answers reads with copies made under the collection's
 * lock ({@code WholeAnswers} in infra-launcher), so a read never mixes two versions of a document, as on MongoDB.
 */
public final class LocalServerWorkarounds {

    /** For the local wire-protocol server. */
    public static final LocalServerWorkarounds ON = new LocalServerWorkarounds(true);
    /** For real MongoDB (the default). */
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

    /** How due timers and stale outboxes are found (item 3). */
    TimerIndex timerIndex(MongoDatabase database, MongoCollection<Document> instances, TimerClaims claims) {
        return enabled ? new HintedTimers(database, instances, claims, this) : new IndexedTimers(instances, claims);
    }

    /** Where a profile's live instances are recorded (item 4). */
    LiveInstances liveInstances(MongoDatabase database) {
        return enabled ? LiveInstances.listed() : LiveInstances.flagged(database);
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
