package io.omnijourney.notification.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.kit.mongo.BulkWrites;
import io.omnijourney.kit.mongo.RequestReads;
import io.omnijourney.notification.app.Ledger;
import io.omnijourney.notification.app.LedgerEntry;
import io.omnijourney.notification.domain.DeliveryState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The ledger in collection {@code ledger} ({@code _id} = requestId). A claim is an insert (the first delivery) or a
 * conditional update on the {@code claims} counter (taking over an expired lease), so two consumers never both own a
 * request; final states are only ever set on a {@code queued} record.
 */
public class MongoLedger implements Ledger {

    private static final String QUEUED = DeliveryState.QUEUED.wireName();

    private final MongoCollection<Document> ledger;
    /**
     * This process: a lease it holds itself is stale after a replay (its consumer never hands one record to two
     * workers at once: every lane of a poll ends before the next poll).
     */
    private final String owner = UUID.randomUUID().toString();

    public MongoLedger(MongoDatabase database) {
        this(database, LocalServerWorkarounds.ON);
    }

    public MongoLedger(MongoDatabase database, LocalServerWorkarounds workarounds) {
        this.ledger = database.getCollection("ledger");
    }

    @Override
    public Claim claim(LedgerEntry fresh, Instant now, Instant leaseUntil) {
        try {
            Document doc = toDocument(fresh).append("leaseUntil", Date.from(leaseUntil)).append("owner", owner)
                    .append("claims", 1);
            ledger.insertOne(doc);
            return new Claim.Owned(fromDocument(doc));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document existing = ledger.find(Filters.eq("_id", fresh.requestId())).first();
        if (existing == null) {
            throw new IllegalStateException("ledger record vanished during claim");
        }
        LedgerEntry entry = fromDocument(existing);
        if (entry.state().isFinal()) {
            return new Claim.Done(entry);
        }
        boolean mine = owner.equals(existing.getString("owner"));
        if (!mine && entry.leaseUntil() != null && entry.leaseUntil().isAfter(now)) {
            return new Claim.Busy(entry);
        }
        Document taken = ledger.findOneAndUpdate(
                LocalServerWorkarounds.exactKeys("_id", fresh.requestId(), "state", QUEUED, "claims",
                        existing.getInteger("claims", 0)),
                Updates.combine(Updates.set("leaseUntil", Date.from(leaseUntil)), Updates.set("owner", owner),
                        Updates.inc("claims", 1), Updates.set("updatedAt", Date.from(now))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (taken == null) {
            return new Claim.Busy(entry);
        }
        LedgerEntry owned = fromDocument(taken);
        return owned.inFlight() ? new Claim.Interrupted(owned) : new Claim.Owned(owned);
    }

    @Override
    public void chooseChannel(String requestId, String channel, String address, String capKey, String locale,
            Instant now) {
        List<Bson> sets = new ArrayList<>(List.of(Updates.set("channel", channel), Updates.set("address", address),
                Updates.set("locale", locale), Updates.set("updatedAt", Date.from(now))));
        if (capKey != null) {
            sets.add(Updates.set("capKey", capKey));
        }
        ledger.updateOne(queued(requestId), Updates.combine(sets));
    }

    @Override
    public void startAttempt(String requestId, int attempt, String provider, Choice choice, Instant now) {
        List<Bson> sets = new ArrayList<>(List.of(Updates.set("attempts", attempt), Updates.set("provider", provider),
                Updates.set("inFlight", true), Updates.set("updatedAt", Date.from(now))));
        addChoice(sets, choice);
        ledger.updateOne(queued(requestId), Updates.combine(sets));
    }

    private static void addChoice(List<Bson> sets, Choice choice) {
        if (choice == null) {
            return;
        }
        sets.add(Updates.set("channel", choice.channel()));
        sets.add(Updates.set("address", choice.address()));
        sets.add(Updates.set("locale", choice.locale()));
        if (choice.capKey() != null) {
            sets.add(Updates.set("capKey", choice.capKey()));
        }
    }

    @Override
    public void endAttempt(String requestId, String reason, Instant now) {
        ledger.updateOne(queued(requestId), Updates.combine(Updates.set("inFlight", false),
                Updates.set("lastError", reason), Updates.set("updatedAt", Date.from(now))));
    }

    @Override
    public LedgerEntry finish(String requestId, DeliveryState state, String provider, String providerMessageId,
            String reason, Choice choice, Instant now) {
        List<Bson> sets = new ArrayList<>(List.of(Updates.set("state", state.wireName()),
                Updates.set("inFlight", false), Updates.set("updatedAt", Date.from(now)),
                Updates.set("finishedAt", Date.from(now))));
        if (provider != null) {
            sets.add(Updates.set("provider", provider));
        }
        if (providerMessageId != null) {
            sets.add(Updates.set("providerMessageId", providerMessageId));
        }
        if (reason != null) {
            sets.add(Updates.set("reason", reason));
        }
        addChoice(sets, choice);
        Document after = ledger.findOneAndUpdate(queued(requestId), Updates.combine(sets),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (after == null) {
            return find(requestId).orElseThrow(() -> new IllegalStateException("no ledger record to finish"));
        }
        return fromDocument(after);
    }

    @Override
    public Optional<LedgerEntry> find(String requestId) {
        return Optional.ofNullable(ledger.find(Filters.eq("_id", requestId)).first()).map(MongoLedger::fromDocument);
    }

    @Override
    public List<LedgerEntry> byProfile(String profileId, int limit) {
        List<LedgerEntry> out = new ArrayList<>();
        RequestReads.bounded(ledger.find(Filters.eq("profileId", profileId))).sort(Sorts.descending("createdAt"))
                .limit(limit)
                .forEach(d -> out.add(fromDocument(d)));
        return out;
    }

    @Override
    public void recordFates(List<FateReport> reports) {
        List<WriteModel<Document>> updates = new ArrayList<>();
        for (FateReport report : reports) {
            // The path is the fate's fixed name, never the report's text.
            updates.add(new UpdateOneModel<>(Filters.eq("_id", report.requestId()),
                    Updates.min("fates." + report.fate().wireName(), Date.from(report.at()))));
        }
        for (int from = 0; from < updates.size(); from += 1000) {
            BulkWrites.write(ledger, updates.subList(from, Math.min(updates.size(), from + 1000)));
        }
    }

    @Override
    public void purgeProfile(String profileId) {
        ledger.updateMany(Filters.eq("profileId", profileId),
                Updates.combine(Updates.unset("address"), Updates.set("erased", true)));
    }

    private static Bson queued(String requestId) {
        return LocalServerWorkarounds.exactKeys("_id", requestId, "state", QUEUED);
    }

    private static Document toDocument(LedgerEntry e) {
        Document d = new Document("_id", e.requestId()).append("profileId", e.profileId())
                .append("journeyId", e.journeyId()).append("stepId", e.stepId()).append("templateId", e.templateId())
                .append("category", e.category()).append("state", e.state().wireName())
                .append("attempts", e.attempts()).append("inFlight", e.inFlight())
                .append("createdAt", Date.from(e.createdAt())).append("updatedAt", Date.from(e.updatedAt()));
        if (e.traceId() != null) {
            d.append("traceId", e.traceId());
        }
        return d;
    }

    private static LedgerEntry fromDocument(Document d) {
        return new LedgerEntry(d.getString("_id"), d.getString("profileId"), d.getString("journeyId"),
                d.getString("stepId"), d.getString("templateId"), d.getString("category"), d.getString("channel"),
                d.getString("provider"), DeliveryState.valueOf(d.getString("state").toUpperCase(Locale.ROOT)),
                d.getString("reason"), d.getInteger("attempts", 0), d.getString("providerMessageId"),
                d.getBoolean("inFlight", false), instant(d, "leaseUntil"), d.getString("capKey"),
                d.getString("address"), d.getString("locale"), d.getString("traceId"), instant(d, "createdAt"),
                instant(d, "updatedAt"), fates(d.get("fates", Document.class)));
    }

    private static Map<String, Instant> fates(Document fates) {
        Map<String, Instant> found = new TreeMap<>();
        if (fates != null) {
            fates.forEach((fate, at) -> {
                if (at instanceof Date date) {
                    found.put(fate, date.toInstant());
                }
            });
        }
        return found;
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
