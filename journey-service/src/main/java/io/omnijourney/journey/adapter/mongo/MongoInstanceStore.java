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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * timers and stale outboxes are found through a {@link TimerIndex} (hints for the local server, partial indexes for
 * real MongoDB), never by a query over all instances; the {@code live} flag ({@link LiveInstances}, real MongoDB) is
 * set when an instance is inserted.
 */
public class MongoInstanceStore implements InstanceStore {

    static final String ACTIVE = JourneyInstance.Status.ACTIVE.name();
    /**
     * The statistics pass reads a journey's instances; erasure and merges read a profile's. Created by
     * {@link JourneyMigrations}, with the indexes of the MongoDB path in use ({@link #pathIndexes}).
     */
    static final List<IndexModel> INDEXES = List.of(new IndexModel(Indexes.ascending("journeyId")),
            new IndexModel(Indexes.ascending("profileId", "journeyId")));
    private final MongoCollection<Document> instances;
    private final LocalServerWorkarounds workarounds;
    private final TimerClaims claims;
    private final TimerIndex timers;
    private final LiveInstances live;

    public MongoInstanceStore(MongoDatabase database, LocalServerWorkarounds workarounds) {
        this.instances = database.getCollection("instances");
        this.workarounds = workarounds;
        this.claims = new TimerClaims(instances, workarounds);
        this.timers = workarounds.timerIndex(database, instances, claims);
        this.live = workarounds.liveInstances(database);
    }

    /**
     * The indexes on {@code instances} that only the real-MongoDB path uses (none with the local-server workarounds
     * on): the partial indexes of the due and stale queries ({@link IndexedTimers}) and of the live instances of a
     * profile ({@link LiveInstances#flagged}).
     */
    static List<IndexModel> pathIndexes(LocalServerWorkarounds workarounds) {
        if (workarounds.enabled()) {
            return List.of();
        }
        List<IndexModel> indexes = new ArrayList<>(IndexedTimers.indexes());
        indexes.addAll(LiveInstances.flaggedIndexes());
        return indexes;
    }

    @Override
    public boolean insert(JourneyInstance instance, List<OutboxMessage> outbox) {
        JourneyInstance stored = instance.copy();
        stored.revision = 1;
        return writeAll(List.of(new InstanceWrite(stored, 0, outbox)));
    }

    private Document newDocument(JourneyInstance instance, long revision, List<OutboxMessage> outbox) {
        return live.inserted(InstanceDocuments.state(instance)).append("_id", instance.id).append("revision", revision)
                .append("leaseOwner", null).append("leaseUntil", InstanceDocuments.NO_LEASE)
                .append("outbox", outbox.stream().map(InstanceDocuments::outbox).toList())
                .append("outboxSince", outbox.isEmpty() ? null : InstanceDocuments.date(instance.updatedAt));
    }

    /**
     * Bulk insert of new instances without outbox (benchmarks and data loading). Does not list them in their profiles'
     * documents: the caller does (see ProfileCache.write), before.
     */
    public void insertAll(List<JourneyInstance> batch) {
        timers.beforeInsertAll(batch);
        BulkWrites.write(instances, batch.stream().map(i -> new InsertOneModel<>(live.inserted(InstanceDocuments
                .state(i)).append("_id", i.id).append("revision", 1L).append("leaseOwner", null)
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
        List<String> announced = timers.beforeWrites(writes);
        BulkOutcome outcome = BulkWrites.writeAllowingDuplicates(instances, models);
        if (!outcome.duplicates().isEmpty()) {
            // An instance inserted meanwhile by another writer: this unit lost the race.
            return false;
        }
        if (outcome.result().getMatchedCount() != updates) {
            // Which writes landed is unknown: hints they announced stay, and whoever reads one corrects or removes it.
            return false;
        }
        timers.landed(writes, announced);
        return true;
    }

    @Override
    public Optional<StoredInstance> claimDue(Instant now, String owner, Instant leaseUntil) {
        return claimDueBatch(now, owner, leaseUntil, 1).stream().findFirst();
    }

    /**
     * Claims due, unleased instances, each with a write conditional on the revision just read ({@link TimerIndex}
     * finds them). Claims and state changes both increment the revision, so the write succeeds only if the instance
     * is still exactly as found (due, unleased): of two claimers, one wins. The firing's own state write then expects
     * the claimed revision, so a claim that expired and was taken over cannot advance the instance a second time. A
     * claim whose answer was lost, or whose round failed, is claimed again at once by this store's next round
     * ({@link TimerClaims}).
     */
    @Override
    public List<StoredInstance> claimDueBatch(Instant now, String owner, Instant leaseUntil, int limit) {
        List<Document> claimedDocs = claims.reclaim(owner, leaseUntil);
        try {
            timers.claimRound(now, owner, leaseUntil, limit, claimedDocs);
        } catch (RuntimeException e) {
            claims.notReturned(claimedDocs);
            throw e;
        }
        return claimedDocs.stream().map(InstanceDocuments::read).toList();
    }

    @Override
    public void markPublished(String instanceId, long revision, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        if (instances.updateOne(idAndRevision(instanceId, revision), Updates.combine(
                Updates.set("outbox", List.of()), Updates.set("outboxSince", null))).getModifiedCount() == 1) {
            timers.outboxEmptied(instanceId, revision);
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
        published.forEach(p -> timers.outboxEmptied(p.instanceId(), p.revision()));
    }

    @Override
    public List<StoredInstance> withStaleOutbox(Instant before, int limit) {
        return timers.withStaleOutbox(before, limit);
    }

    @Override
    public void settle() {
        timers.settle();
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
                Updates.set("outboxSince", null),
                // No longer anyone's: out of the live-instances index too (a no-op where the flag is not used).
                Updates.unset(LiveInstances.LIVE)));
    }

    /** The filter of a write conditional on the revision ({@link LocalServerWorkarounds#exactKey}). */
    private static Document idAndRevision(String id, long revision) {
        return LocalServerWorkarounds.exactKey(id, "revision", revision);
    }
}
