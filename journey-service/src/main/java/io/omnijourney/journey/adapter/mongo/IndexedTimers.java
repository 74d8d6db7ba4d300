package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.omnijourney.journey.app.InstanceStore.InstanceWrite;
import io.omnijourney.journey.app.StoredInstance;
import io.omnijourney.journey.domain.JourneyInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Due timers and stale outboxes found by queries on {@code instances}, each served on real MongoDB by a partial
 * index that holds only the instances it is about ({@link #indexes()}): {@code {dueAt: 1}} over active instances
 * (an ended instance keeps its last {@code dueAt} but is never due) and {@code {outboxSince: 1}} over instances whose
 * outbox holds messages ({@code outboxSince} is a date exactly then, null otherwise). So both indexes stay as small
 * as the work waiting, whatever the number of finished instances, and instance writes owe nothing beyond
 * themselves. The local wire-protocol server ignores partial indexes: there these queries scan {@code instances}
 * (correct, and slow with many instances; {@link HintedTimers} is the local server's way).
 */
final class IndexedTimers implements TimerIndex {

    static final String DUE_INDEX = "dueAt_active";
    static final String OUTBOX_INDEX = "outboxSince_pending";
    private static final String ACTIVE = JourneyInstance.Status.ACTIVE.name();

    private final MongoCollection<Document> instances;
    private final TimerClaims claims;

    IndexedTimers(MongoCollection<Document> instances, TimerClaims claims) {
        this.instances = instances;
        this.claims = claims;
    }

    /**
     * The partial indexes the due and stale queries need. Named, so that they live beside the non-partial
     * {@code status_1_dueAt_1} / {@code outboxSince_1} an earlier version may have left (MongoDB 5.0+ accepts
     * indexes on one key pattern that differ in their filter).
     */
    static List<IndexModel> indexes() {
        return List.of(
                new IndexModel(Indexes.ascending("dueAt"), new IndexOptions().name(DUE_INDEX)
                        .partialFilterExpression(new Document("status", ACTIVE))),
                new IndexModel(Indexes.ascending("outboxSince"), new IndexOptions().name(OUTBOX_INDEX)
                        .partialFilterExpression(new Document("outboxSince", new Document("$type", "date")))));
    }

    @Override
    public List<String> beforeWrites(List<InstanceWrite> writes) {
        return List.of();
    }

    @Override
    public void landed(List<InstanceWrite> writes, List<String> announced) {
    }

    @Override
    public void beforeInsertAll(List<JourneyInstance> batch) {
    }

    @Override
    public void outboxEmptied(String instanceId, long revision) {
    }

    /**
     * The earliest due, unleased timers ({@code status} in the filter so that the partial index applies; the lease
     * is checked on the index's candidates), each claimed with a write conditional on the revision read.
     */
    @Override
    public void claimRound(Instant now, String owner, Instant leaseUntil, int limit, List<Document> claimed) {
        Date at = Date.from(now);
        List<Document> due = instances.find(new Document("status", ACTIVE).append("dueAt", new Document("$lte", at))
                        .append("leaseUntil", new Document("$lte", at)))
                .projection(new Document("_id", 1).append("revision", 1)).sort(Sorts.ascending("dueAt"))
                .limit(limit).into(new ArrayList<>());
        // Competing claimers see the same earliest timers: each tries them in its own order, so most first tries win.
        Collections.shuffle(due);
        for (Document state : due) {
            Document doc = claims.claim(state.getString("_id"), InstanceHints.revision(state), owner, leaseUntil);
            if (doc != null) {
                claimed.add(doc);
            }
        }
    }

    @Override
    public List<StoredInstance> withStaleOutbox(Instant before, int limit) {
        List<StoredInstance> pending = new ArrayList<>();
        // $type as in the index's filter, so that the planner may use it.
        instances.find(new Document("outboxSince", new Document("$type", "date").append("$lt", Date.from(before))))
                .limit(limit).forEach(d -> {
                    StoredInstance s = InstanceDocuments.read(d);
                    if (!s.outbox().isEmpty()) {
                        pending.add(s);
                    }
                });
        return pending;
    }

    @Override
    public void settle() {
    }
}
