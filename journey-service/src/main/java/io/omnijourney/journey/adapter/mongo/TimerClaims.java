package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * The timer claim write, made recognisable by the store that made it, so that a claim whose answer was lost does
 * not leave its timer until the lease runs out.
 *
 * <p>A claim is a write conditional on the revision read ({@code {_id, revision}}) that sets the lease and a token
 * unique to this store and claim ({@code leaseToken}) and increments the revision. When the answer is lost (the write
 * may have landed; the driver threw a network error) or the claim round fails before returning what it claimed, the
 * store remembers each such claim: its token and the revision it moved the instance to. The store's next claim
 * round first reads those instances by {@code _id}: one still exactly as its own claim left it (same token, same
 * revision: nobody wrote since, so nobody else holds or fired it) is claimed again at once, conditional on that
 * revision; one that did not land or moved on since is forgotten. A claim round that fails again remembers again.
 */
final class TimerClaims {

    /** Remembered claims at most; beyond it a lost claim waits for its lease to end. */
    static final int MAX_REMEMBERED = 10_000;
    static final String TOKEN = "leaseToken";

    private record Remembered(String token, long revision) {
    }

    private final MongoCollection<Document> instances;
    private final LocalServerWorkarounds workarounds;
    private final String prefix = UUID.randomUUID() + ":";
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Remembered> unanswered = new ConcurrentHashMap<>();

    TimerClaims(MongoCollection<Document> instances, LocalServerWorkarounds workarounds) {
        this.instances = instances;
        this.workarounds = workarounds;
    }

    /**
     * Claims the instance if it is still at {@code revision}: the instance as claimed, or null if it moved on. A
     * failure is remembered as a claim that may have landed, and thrown.
     */
    Document claim(String id, long revision, String owner, Instant leaseUntil) {
        String token = prefix + sequence.incrementAndGet();
        try {
            return instances.findOneAndUpdate(LocalServerWorkarounds.exactKey(id, "revision", revision),
                    Updates.combine(Updates.set("leaseOwner", owner), Updates.set("leaseUntil", Date.from(leaseUntil)),
                            Updates.set(TOKEN, token), Updates.inc("revision", 1L)),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        } catch (RuntimeException e) {
            remember(id, token, revision + 1);
            throw e;
        }
    }

    /** The round that made these claims (as {@link #claim} returned them) fails: each is remembered. */
    void notReturned(List<Document> claimed) {
        claimed.forEach(d -> remember(d.getString("_id"), d.getString(TOKEN), d.get("revision", Number.class)
                .longValue()));
    }

    /**
     * Claims again, now, every remembered claim whose instance is still exactly as it left it; the instances claimed
     * (as {@link #claim} returns them). Forgets the others.
     */
    List<Document> reclaim(String owner, Instant leaseUntil) {
        if (unanswered.isEmpty()) {
            return new ArrayList<>();
        }
        Map<String, Remembered> taken = new HashMap<>();
        for (String id : List.copyOf(unanswered.keySet())) {
            Remembered r = unanswered.remove(id);
            if (r != null) {
                taken.put(id, r);
            }
        }
        Map<String, Document> states = new HashMap<>();
        List<Document> reclaimed = new ArrayList<>();
        try {
            workarounds.findByIds(instances, taken.keySet(), new Document("_id", 1).append("revision", 1)
                    .append(TOKEN, 1), d -> states.put(d.getString("_id"), d));
            for (Map.Entry<String, Remembered> e : List.copyOf(taken.entrySet())) {
                Document state = states.get(e.getKey());
                taken.remove(e.getKey());
                if (state != null && e.getValue().token().equals(state.getString(TOKEN))
                        && e.getValue().revision() == state.get("revision", Number.class).longValue()) {
                    Document doc = claim(e.getKey(), e.getValue().revision(), owner, leaseUntil);
                    if (doc != null) {
                        reclaimed.add(doc);
                    }
                }
            }
        } catch (RuntimeException e) {
            taken.forEach((id, r) -> remember(id, r.token(), r.revision()));
            notReturned(reclaimed);
            throw e;
        }
        return reclaimed;
    }

    /** Claims remembered now, to be tried again by the next round. */
    int remembered() {
        return unanswered.size();
    }

    private void remember(String id, String token, long revision) {
        if (token != null && unanswered.size() < MAX_REMEMBERED) {
            unanswered.put(id, new Remembered(token, revision));
        }
    }
}
