package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.journey.app.InstanceStore;
import io.omnijourney.journey.app.InstanceStore.InstanceWrite;
import io.omnijourney.journey.app.StoredInstance;
import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Due timers and stale outboxes found through {@link InstanceHints} (the {@code hints} collection), for the local
 * wire-protocol server, which ignores partial indexes and would otherwise scan every instance every second per
 * scheduler thread. Hints are written before the instance writes that need them and removed after the writes that
 * make them useless; whoever reads one re-checks its instance and fixes the hint ({@link LocalServerWorkarounds},
 * item 3; real MongoDB uses {@link IndexedTimers}).
 */
final class HintedTimers implements TimerIndex {

    /** A hint whose write never landed is kept this long (a unit writes its instances milliseconds after). */
    static final Duration HINT_HORIZON = Duration.ofMinutes(10);
    /** When a hint announces a write that has not landed yet, it is looked at again this much later. */
    static final Duration RECHECK = Duration.ofSeconds(5);
    private static final String ACTIVE = JourneyInstance.Status.ACTIVE.name();

    private final MongoCollection<Document> instances;
    private final InstanceHints hints;
    private final TimerClaims claims;
    private final LocalServerWorkarounds workarounds;

    HintedTimers(MongoDatabase database, MongoCollection<Document> instances, TimerClaims claims,
            LocalServerWorkarounds workarounds) {
        this.instances = instances;
        this.hints = new InstanceHints(database, workarounds);
        this.claims = claims;
        this.workarounds = workarounds;
    }

    @Override
    public List<String> beforeWrites(List<InstanceWrite> writes) {
        return hints.announce(writes);
    }

    @Override
    public void landed(List<InstanceWrite> writes, List<String> announced) {
        hints.landed(writes, announced);
    }

    @Override
    public void beforeInsertAll(List<JourneyInstance> batch) {
        hints.write(new ArrayList<>(batch.stream().filter(i -> InstanceStore.timerOf(i) != null)
                .<WriteModel<Document>>map(i -> InstanceHints.timerUpsert(i.id, Date.from(i.dueAt), 1L,
                        InstanceDocuments.date(i.updatedAt))).toList()));
    }

    @Override
    public void outboxEmptied(String instanceId, long revision) {
        hints.outboxEmptied(instanceId, revision);
    }

    /**
     * Reads the due timer hints, then the instances they name (by {@code _id}), and claims each instance that is
     * due and unleased. Each hint read is then moved to when its instance needs a look again (lease end, timer), or
     * deleted if its instance has no timer; with one write conditional on the hint as read, in one bulk write per
     * round.
     */
    @Override
    public void claimRound(Instant now, String owner, Instant leaseUntil, int limit, List<Document> claimedDocs) {
        Date at = Date.from(now);
        List<Document> due = hints.due(at, limit);
        if (due.isEmpty()) {
            return;
        }
        Map<String, Document> states = new HashMap<>();
        workarounds.findByIds(instances, due.stream().map(h -> h.getString("i")).toList(), new Document("_id", 1)
                .append("revision", 1).append("status", 1).append("dueAt", 1).append("leaseUntil", 1),
                d -> states.put(d.getString("_id"), d));
        // Competing claimers see the same earliest timers: each tries them in its own order, so most first tries win.
        java.util.Collections.shuffle(due);
        List<WriteModel<Document>> fixes = new ArrayList<>();
        for (Document hint : due) {
            Document state = states.get(hint.getString("i"));
            boolean landed = state != null && InstanceHints.revision(state) >= InstanceHints.revision(hint);
            Date timer = state == null || !ACTIVE.equals(state.getString("status")) ? null : state.getDate("dueAt");
            Date lease = state == null ? null : state.getDate("leaseUntil");
            Date next = timer == null ? null : lease != null && lease.after(timer) ? lease : timer;
            if (timer != null && !next.after(at)) {
                Document doc = claims.claim(state.getString("_id"), InstanceHints.revision(state), owner,
                        leaseUntil);
                if (doc != null) {
                    claimedDocs.add(doc);
                    // Others skip it until the lease ends; the firing's write moves or (ended) removes the hint.
                    fixes.add(InstanceHints.move(hint, Date.from(leaseUntil)));
                    fixes.add(hints.announceAhead(doc.getString("_id"), InstanceHints.revision(doc) + 1, at));
                }
            } else if (landed) {
                fixes.add(timer == null ? InstanceHints.delete(hint) : InstanceHints.move(hint, next));
            } else if (abandoned(hint, now)) {
                // The write it announced never landed (lost a race, or its writer died).
                fixes.add(timer == null ? InstanceHints.delete(hint)
                        : InstanceHints.reset(hint, next, InstanceHints.revision(state)));
            } else {
                // The write it announced may still land, with a timer no earlier than this hint: look again soon.
                Date soon = Date.from(now.plus(RECHECK));
                fixes.add(InstanceHints.move(hint, next != null && next.before(soon) ? next : soon));
            }
        }
        hints.write(fixes);
    }

    /**
     * Reads the stale outbox hints, then their instances by {@code _id}: those whose outbox still holds messages are
     * returned (the relay publishes them; emptying the outbox then owes the hint's removal); a hint whose instance's
     * outbox is empty is deleted, unless the write it announced may still land.
     */
    @Override
    public List<StoredInstance> withStaleOutbox(Instant before, int limit) {
        List<Document> stale = hints.stale(Date.from(before), limit);
        if (stale.isEmpty()) {
            return List.of();
        }
        Map<String, StoredInstance> found = read(stale.stream().map(h -> h.getString("i")).toList());
        List<StoredInstance> pending = new ArrayList<>();
        List<WriteModel<Document>> fixes = new ArrayList<>();
        for (Document hint : stale) {
            StoredInstance s = found.get(hint.getString("i"));
            if (s != null && !s.outbox().isEmpty()) {
                pending.add(s);
            } else if ((s != null && s.instance().revision >= InstanceHints.revision(hint)) || abandoned(hint, before)) {
                fixes.add(InstanceHints.delete(hint));
            }
        }
        hints.write(fixes);
        return pending;
    }

    private Map<String, StoredInstance> read(Collection<String> ids) {
        Map<String, StoredInstance> found = new HashMap<>();
        workarounds.findByIds(instances, ids, null, d -> found.put(d.getString("_id"), InstanceDocuments.read(d)));
        return found;
    }

    /** True if the write {@code hint} announced can no longer land: announced over {@link #HINT_HORIZON} before. */
    private static boolean abandoned(Document hint, Instant reference) {
        Date written = hint.getDate("w");
        return written == null || written.toInstant().isBefore(reference.minus(HINT_HORIZON));
    }

    @Override
    public void settle() {
        hints.settle();
    }
}
