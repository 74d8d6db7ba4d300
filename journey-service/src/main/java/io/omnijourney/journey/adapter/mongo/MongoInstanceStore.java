package io.omnijourney.journey.adapter.mongo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.journey.app.InstanceStore;
import io.omnijourney.journey.app.OutboxMessage;
import io.omnijourney.journey.app.Pending;
import io.omnijourney.journey.app.StoredInstance;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.kit.mongo.BulkOutcome;
import io.omnijourney.kit.mongo.BulkWrites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Instances in the {@code instances} collection. The timer is the instance's own {@code dueAt}, claimed through a
 * lease ({@code leaseOwner}, {@code leaseUntil}) by findOneAndUpdate; the state change after firing is a write
 * conditional on {@code revision}, so even a timer whose lease expired mid-firing advances its instance once. Due
 * timers and stale outboxes are found through {@link InstanceHints} (the {@code hints} collection), never by a query
 * over all instances.
 */
public class MongoInstanceStore implements InstanceStore {

    static final String ACTIVE = JourneyInstance.Status.ACTIVE.name();
    /** A hint whose write never landed is kept this long (a unit writes its instances milliseconds after). */
    static final Duration HINT_HORIZON = Duration.ofMinutes(10);
    /** When a hint announces a write that has not landed yet, it is looked at again this much later. */
    static final Duration RECHECK = Duration.ofSeconds(5);
    /**
     * The statistics pass reads a journey's instances; erasure and merges read a profile's (events never do: a
     * profile's live instances are listed in its document). No query filters on dueAt or outboxSince: due timers and
     * stale outboxes are found through the hints (LocalServerWorkarounds says why, and what real MongoDB would use
     * instead). Created by {@link JourneyMigrations}.
     */
    static final List<IndexModel> INDEXES = List.of(new IndexModel(Indexes.ascending("journeyId")),
            new IndexModel(Indexes.ascending("profileId", "journeyId")));
    private final MongoCollection<Document> instances;
    private final InstanceHints hints;
    private final LocalServerWorkarounds workarounds;
    private final TimerClaims claims;

    public MongoInstanceStore(MongoDatabase database, LocalServerWorkarounds workarounds) {
        this.instances = database.getCollection("instances");
        this.workarounds = workarounds;
        this.hints = new InstanceHints(database, workarounds);
        this.claims = new TimerClaims(instances, workarounds);
    }

    @Override
    public boolean insert(JourneyInstance instance, List<OutboxMessage> outbox) {
        JourneyInstance stored = instance.copy();
        stored.revision = 1;
        return writeAll(List.of(new InstanceWrite(stored, 0, outbox)));
    }

    private static Document newDocument(JourneyInstance instance, long revision, List<OutboxMessage> outbox) {
        return InstanceDocuments.state(instance).append("_id", instance.id).append("revision", revision)
                .append("leaseOwner", null).append("leaseUntil", InstanceDocuments.NO_LEASE)
                .append("outbox", outbox.stream().map(InstanceDocuments::outbox).toList())
                .append("outboxSince", outbox.isEmpty() ? null : InstanceDocuments.date(instance.updatedAt));
    }

    /**
     * Bulk insert of new instances without outbox (benchmarks and data loading). Does not list them in their profiles'
     * documents: the caller does (see ProfileCache.write), before.
     */
    public void insertAll(List<JourneyInstance> batch) {
        hints.write(new ArrayList<>(batch.stream().filter(i -> InstanceStore.timerOf(i) != null)
                .<WriteModel<Document>>map(i -> InstanceHints.timerUpsert(i.id, Date.from(i.dueAt), 1L,
                        InstanceDocuments.date(i.updatedAt))).toList()));
        BulkWrites.write(instances, batch.stream().map(i -> new InsertOneModel<>(InstanceDocuments.state(i)
                .append("_id", i.id).append("revision", 1L).append("leaseOwner", null)
                .append("leaseUntil", InstanceDocuments.NO_LEASE).append("outbox", List.of())
                .append("outboxSince", null))).toList());
    }

    @Override
    public boolean update(JourneyInstance next, long expectedRevision, List<OutboxMessage> newOutbox) {
        JourneyInstance stored = next.copy();
        stored.revision = expectedRevision + 1;
        return writeAll(List.of(new InstanceWrite(stored, expectedRevision, newOutbox)));
    }

    private static Bson stateUpdate(JourneyInstance next, long revision, List<OutboxMessage> newOutbox) {
        List<Bson> updates = new ArrayList<>();
        InstanceDocuments.state(next).forEach((field, value) -> updates.add(Updates.set(field, value)));
        updates.add(Updates.set("revision", revision));
        updates.add(Updates.set("leaseOwner", null));
        updates.add(Updates.set("leaseUntil", InstanceDocuments.NO_LEASE));
        if (!newOutbox.isEmpty()) {
            updates.add(Updates.pushEach("outbox", newOutbox.stream().map(InstanceDocuments::outbox).toList()));
            updates.add(Updates.set("outboxSince", InstanceDocuments.date(next.updatedAt)));
        }
        return Updates.combine(updates);
    }

    @Override
    public Optional<StoredInstance> find(String id) {
        return Optional.ofNullable(instances.find(eq("_id", id)).first()).map(InstanceDocuments::read);
    }

    @Override
    public Map<String, StoredInstance> findAll(Collection<String> ids) {
        Map<String, StoredInstance> found = new HashMap<>();
        forEachById(ids, null, d -> found.put(d.getString("_id"), InstanceDocuments.read(d)));
        return found;
    }

    /** Reads the instances of {@code ids} by {@code _id}, in bulk. */
    private void forEachById(Collection<String> ids, Bson projection, Consumer<Document> action) {
        workarounds.findByIds(instances, ids, projection, action);
    }

    @Override
    public boolean writeAll(List<InstanceWrite> writes) {
        if (writes.isEmpty()) {
            return true;
        }
        List<WriteModel<Document>> models = new ArrayList<>();
        int updates = 0;
        for (InstanceWrite write : writes) {
            if (write.expectedRevision() == 0) {
                models.add(new InsertOneModel<>(newDocument(write.instance(), write.instance().revision,
                        write.outbox())));
            } else {
                updates++;
                models.add(new UpdateOneModel<>(idAndRevision(write.instance().id, write.expectedRevision()),
                        stateUpdate(write.instance(), write.instance().revision, write.outbox())));
            }
        }
        List<String> unusedAhead = hints.announce(writes);
        BulkOutcome outcome = BulkWrites.writeAllowingDuplicates(instances, models);
        if (!outcome.duplicates().isEmpty()) {
            // An instance inserted meanwhile by another writer: this unit lost the race.
            return false;
        }
        if (outcome.result().getMatchedCount() != updates) {
            // Which writes landed is unknown: their hints stay, and whoever reads one later corrects or removes it.
            return false;
        }
        hints.landed(writes, unusedAhead);
        return true;
    }

    @Override
    public Optional<StoredInstance> claimDue(Instant now, String owner, Instant leaseUntil) {
        return claimDueBatch(now, owner, leaseUntil, 1).stream().findFirst();
    }

    /**
     * Reads the due timer hints, then the instances they name (by {@code _id}), and claims each instance that is
     * due and unleased with a write conditional on the revision just read. Claims and state changes both increment
     * the revision, so the write succeeds only if the instance is still exactly as found (due, unleased): of two
     * claimers, one wins. The firing's own state write then expects the claimed revision, so a claim that expired
     * and was taken over cannot advance the instance a second time. A claim whose answer was lost, or whose round
     * failed, is claimed again at once by this store's next round ({@link TimerClaims}). Each hint read is then moved
     * to when its instance needs a look again (lease end, timer), or deleted if its instance has no timer; with one
     * write conditional on the hint as read, in one bulk write per round.
     */
    @Override
    public List<StoredInstance> claimDueBatch(Instant now, String owner, Instant leaseUntil, int limit) {
        List<Document> claimedDocs = claims.reclaim(owner, leaseUntil);
        try {
            claimRound(now, owner, leaseUntil, limit, claimedDocs);
        } catch (RuntimeException e) {
            claims.notReturned(claimedDocs);
            throw e;
        }
        return claimedDocs.stream().map(InstanceDocuments::read).toList();
    }

    /** One round of {@link #claimDueBatch}: each instance claimed is added to {@code claimedDocs} as claimed. */
    private void claimRound(Instant now, String owner, Instant leaseUntil, int limit, List<Document> claimedDocs) {
        Date at = Date.from(now);
        List<Document> due = hints.due(at, limit);
        if (due.isEmpty()) {
            return;
        }
        Map<String, Document> states = new HashMap<>();
        readTimerStates(due.stream().map(h -> h.getString("i")).toList(), states);
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

    private void readTimerStates(List<String> ids, Map<String, Document> into) {
        forEachById(ids, new Document("_id", 1).append("revision", 1).append("status", 1).append("dueAt", 1)
                .append("leaseUntil", 1), d -> into.put(d.getString("_id"), d));
    }

    @Override
    public void markPublished(String instanceId, long revision, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        if (instances.updateOne(idAndRevision(instanceId, revision), Updates.combine(
                Updates.set("outbox", List.of()), Updates.set("outboxSince", null))).getModifiedCount() == 1) {
            hints.outboxEmptied(instanceId, revision);
            return;
        }
        instances.updateOne(eq("_id", instanceId),
                Updates.pull("outbox", new Document("id", new Document("$in", messageIds))));
        Document after = instances.find(eq("_id", instanceId)).first();
        if (after != null && after.getList("outbox", Document.class, List.of()).isEmpty()) {
            instances.updateOne(idAndRevision(instanceId, after.get("revision", Number.class).longValue()),
                    Updates.set("outboxSince", null));
        }
    }

    /**
     * One unordered bulk write that empties each outbox still at its published revision; if any instance moved on
     * meanwhile, each is marked one by one (which pulls only the published ids where the outbox grew).
     */
    @Override
    public void markPublishedAll(List<Pending> published) {
        if (published.size() <= 1) {
            InstanceStore.super.markPublishedAll(published);
            return;
        }
        List<WriteModel<Document>> models = new ArrayList<>();
        for (Pending p : published) {
            models.add(new UpdateOneModel<>(idAndRevision(p.instanceId(), p.revision()),
                    Updates.combine(Updates.set("outbox", List.of()), Updates.set("outboxSince", null))));
        }
        if (BulkWrites.write(instances, models).getMatchedCount() != models.size()) {
            InstanceStore.super.markPublishedAll(published);
            return;
        }
        published.forEach(p -> hints.outboxEmptied(p.instanceId(), p.revision()));
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
        Map<String, StoredInstance> found = findAll(stale.stream().map(h -> h.getString("i")).toList());
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

    /** True if the write {@code hint} announced can no longer land: announced over {@link #HINT_HORIZON} before. */
    private static boolean abandoned(Document hint, Instant reference) {
        Date written = hint.getDate("w");
        return written == null || written.toInstant().isBefore(reference.minus(HINT_HORIZON));
    }

    @Override
    public void settle() {
        hints.settle();
    }

    @Override
    public Stream<JourneyInstance> forJourney(String journeyId) {
        return StreamSupport.stream(instances.find(eq("journeyId", journeyId)).spliterator(), false)
                .map(d -> InstanceDocuments.read(d).instance());
    }

    @Override
    public List<String> idsOfProfile(String profileId) {
        List<String> ids = new ArrayList<>();
        instances.find(eq("profileId", profileId)).projection(new Document("_id", 1))
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    @Override
    public void scrub(String instanceId) {
        instances.updateOne(eq("_id", instanceId), Updates.combine(
                Updates.set("profileId", null),
                Updates.set("trigger.properties", "{}"),
                Updates.set("variables", "{}"),
                Updates.set("seenEvents", List.of()),
                Updates.set("correlationValue", null),
                Updates.set("outbox", List.of()),
                Updates.set("outboxSince", null)));
    }

    /** The filter of a write conditional on the revision ({@link LocalServerWorkarounds#exactKey}). */
    private static Document idAndRevision(String id, long revision) {
        return LocalServerWorkarounds.exactKey(id, "revision", revision);
    }
}
