package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.journey.app.InstanceStore;
import io.omnijourney.journey.app.InstanceStore.InstanceWrite;
import io.omnijourney.kit.mongo.BulkWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bson.Document;

/**
 * The {@code hints} collection: one small document per instance that has a timer ({@code _id} {@code t:<id>}) and
 * one per instance whose outbox holds messages ({@code o:<id>}), so that the timer scheduler and the outbox relay
 * read only those instead of every instance ever started (the wire-protocol test server has no secondary indexes and
 * would scan them all, locking the collection meanwhile).
 *
 * <p>The instance stays the source of truth; a hint only says "look at this instance from {@code at}". Hints are
 * written <b>before</b> the instance write that needs them (so a crash in between leaves a hint for nothing, never a
 * timer or outbox without a hint) and removed <b>after</b> the write that makes them useless, deferred and folded into
 * the next hint write (one bulk write per unit of work at most). Fields: {@code k} kind ({@code t} or {@code o}),
 * {@code i} instance id, {@code at} (timer: no later than the instance's timer; outbox: when it was last appended
 * to), {@code rev} (the highest instance revision a write announced with this hint), {@code w} (when it was last
 * announced). Whoever reads a hint re-checks the instance, and corrects or deletes the hint with a write conditional
 * on its exact {@code (_id, rev)}, so that a hint re-announced meanwhile is never lost. The hints exist for the local
 * wire-protocol server; {@link LocalServerWorkarounds} says what real MongoDB would use instead.
 */
final class InstanceHints {

    static final String TIMER = "t";
    static final String OUTBOX = "o";

    /**
     * Real MongoDB answers the due and stale queries from this index; the test server scans the (small) hints.
     * Created by {@link JourneyMigrations}.
     */
    static final IndexModel DUE_INDEX = new IndexModel(Indexes.ascending("k", "at"));

    private final MongoCollection<Document> hints;
    /** Removals owed (after their instance writes), written with the next hint write or by {@link #settle()}. */
    private final Queue<WriteModel<Document>> owed = new ConcurrentLinkedQueue<>();
    /**
     * Outbox hints written ahead for claimed timers, by instance id: the revision the firing's write will have. The
     * firing's own write then needs no hint write of its own (one bulk write per claim round instead of one write
     * per timer); one that appends nothing owes the removal of the hint written ahead.
     */
    private final Map<String, Long> announcedAhead = new ConcurrentHashMap<>();

    InstanceHints(MongoDatabase database, LocalServerWorkarounds workarounds) {
        this.hints = database.getCollection("hints");
    }

    static String timerId(String instanceId) {
        return TIMER + ":" + instanceId;
    }

    static String outboxId(String instanceId) {
        return OUTBOX + ":" + instanceId;
    }

    /**
     * The hints these writes need, written (with the removals owed so far) in one unordered bulk write before the
     * instance writes. A timer hint is written only when the timer changes, an outbox hint only when messages are
     * appended: a write that ends an instance without a message needs none.
     */
    List<String> announce(List<InstanceWrite> writes) {
        List<WriteModel<Document>> models = new ArrayList<>();
        List<String> unusedAhead = new ArrayList<>();
        for (InstanceWrite write : writes) {
            Instant timer = InstanceStore.timerOf(write.instance());
            String id = write.instance().id;
            long revision = write.instance().revision;
            Date written = InstanceDocuments.date(write.instance().updatedAt);
            if (timer != null && !timer.equals(write.storedTimer())) {
                models.add(timerUpsert(id, Date.from(timer), revision, written));
            }
            boolean ahead = announcedAhead.remove(id, revision);
            if (!write.outbox().isEmpty() && !ahead) {
                models.add(outboxUpsert(id, written, revision, written));
            } else if (write.outbox().isEmpty() && ahead) {
                unusedAhead.add(id);
            }
        }
        write(models);
        return unusedAhead;
    }

    /**
     * The outbox hint a claimed timer's firing may need, written ahead with the claim round's hint fixes: its write
     * will have revision {@code revision}. {@code $min} on {@code at}: an older pending outbox keeps its age.
     */
    WriteModel<Document> announceAhead(String instanceId, long revision, Date now) {
        announcedAhead.put(instanceId, revision);
        return new UpdateOneModel<>(new Document("_id", outboxId(instanceId)), Updates.combine(
                Updates.set("k", OUTBOX), Updates.set("i", instanceId), Updates.min("at", now),
                Updates.max("rev", revision), Updates.set("w", now)), new UpdateOptions().upsert(true));
    }

    static UpdateOneModel<Document> timerUpsert(String instanceId, Date at, long revision, Date written) {
        // $min: a hint never moves later than a timer some write announced (a later one is corrected on reading).
        return new UpdateOneModel<>(new Document("_id", timerId(instanceId)), Updates.combine(
                Updates.set("k", TIMER), Updates.set("i", instanceId), Updates.min("at", at),
                Updates.max("rev", revision), Updates.set("w", written)), new UpdateOptions().upsert(true));
    }

    static UpdateOneModel<Document> outboxUpsert(String instanceId, Date since, long revision, Date written) {
        return new UpdateOneModel<>(new Document("_id", outboxId(instanceId)), Updates.combine(
                Updates.set("k", OUTBOX), Updates.set("i", instanceId), Updates.set("at", since),
                Updates.max("rev", revision), Updates.set("w", written)), new UpdateOptions().upsert(true));
    }

    /**
     * After the writes landed: the timer hints of instances that ended are owed a removal. Unconditional by
     * {@code _id}, which is safe because an ended instance never gets a timer again.
     */
    void landed(List<InstanceWrite> writes, List<String> unusedAhead) {
        for (InstanceWrite write : writes) {
            if (write.storedTimer() != null && InstanceStore.timerOf(write.instance()) == null) {
                owed.add(new DeleteOneModel<>(new Document("_id", timerId(write.instance().id))));
            }
            if (unusedAhead.contains(write.instance().id)) {
                owed.add(new DeleteOneModel<>(exact(outboxId(write.instance().id), write.instance().revision)));
            }
        }
    }

    /** After the outbox written at {@code revision} was published and emptied at that revision. */
    void outboxEmptied(String instanceId, long revision) {
        owed.add(new DeleteOneModel<>(exact(outboxId(instanceId), revision)));
    }

    /** Timer hints due at {@code now}, at most {@code limit}. */
    List<Document> due(Date now, int limit) {
        return hints.find(new Document("k", TIMER).append("at", new Document("$lte", now))).limit(limit)
                .into(new ArrayList<>());
    }

    /** Outbox hints last appended to before {@code before}, at most {@code limit}. */
    List<Document> stale(Date before, int limit) {
        return hints.find(new Document("k", OUTBOX).append("at", new Document("$lt", before))).limit(limit)
                .into(new ArrayList<>());
    }

    /** A write conditional on the hint being exactly as read. */
    static Document exact(Document hint) {
        return exact(hint.getString("_id"), revision(hint));
    }

    static Document exact(String hintId, long revision) {
        return LocalServerWorkarounds.exactKey(hintId, "rev", revision);
    }

    static long revision(Document document) {
        Number n = document.get(document.containsKey("revision") ? "revision" : "rev", Number.class);
        return n == null ? 0 : n.longValue();
    }

    static UpdateOneModel<Document> move(Document hint, Date at) {
        return new UpdateOneModel<>(exact(hint), Updates.set("at", at));
    }

    static UpdateOneModel<Document> reset(Document hint, Date at, long revision) {
        return new UpdateOneModel<>(exact(hint), Updates.combine(Updates.set("at", at), Updates.set("rev", revision)));
    }

    static DeleteOneModel<Document> delete(Document hint) {
        return new DeleteOneModel<>(exact(hint));
    }

    /** Writes the removals owed so far. */
    void settle() {
        write(new ArrayList<>());
    }

    /** Writes these models and the removals owed, in one unordered bulk write. */
    void write(List<WriteModel<Document>> models) {
        for (WriteModel<Document> removal = owed.poll(); removal != null; removal = owed.poll()) {
            models.add(removal);
        }
        if (!models.isEmpty()) {
            BulkWrites.write(hints, models);
        }
    }

    MongoCollection<Document> collection() {
        return hints;
    }
}
