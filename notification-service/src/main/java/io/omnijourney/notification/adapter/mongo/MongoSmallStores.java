package io.omnijourney.notification.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.omnijourney.kit.mongo.BulkWrites;
import io.omnijourney.kit.mongo.RequestReads;
import io.omnijourney.notification.app.DailyCaps;
import io.omnijourney.notification.app.InboxStore;
import io.omnijourney.notification.app.LinkStore;
import io.omnijourney.notification.app.SurveyAnswerStore;
import io.omnijourney.notification.domain.SurveyLinks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The small collections: daily-cap counters, the in-app inbox and tracked links. */
public final class MongoSmallStores {

    private MongoSmallStores() {
    }

    private static boolean duplicate(MongoWriteException e) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * Counters in {@code daily_caps} ({@code _id} = profile|channel|day): each holds the ids of the requests it
     * counted, in the order they were counted ({@code counted}). A request adds its id with {@code $addToSet} by
     * {@code _id} alone ({@link LocalServerWorkarounds}: the filter the local server serves by index) and takes its
     * rank from the answer: among the first {@code cap} it may send. A retried or replayed write finds its id
     * already there, at the same rank, and counts nothing. A refused request takes its id off again, so a counter
     * holds at most {@code cap} ids (and, for a moment, the refusals in flight); the first {@code cap} never move.
     * {@code expireAt} (a day after the counter's day) is served by a TTL index on real MongoDB and by
     * {@link #purgeExpired} everywhere.
     */
    public static class Caps implements DailyCaps {
        private final MongoCollection<Document> caps;

        public Caps(MongoDatabase database) {
            this.caps = database.getCollection("daily_caps");
        }

        @Override
        public boolean tryCount(Window window, String requestId, int cap) {
            if (cap <= 0) {
                return false;
            }
            FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().upsert(true)
                    .returnDocument(ReturnDocument.AFTER);
            Bson byKey = LocalServerWorkarounds.exactKeys("_id", window.key());
            Bson update = Updates.combine(Updates.addToSet("counted", requestId),
                    Updates.setOnInsert("profileId", window.profileId()),
                    Updates.max("expireAt", Date.from(window.expireAt())));
            Document counted;
            try {
                counted = caps.findOneAndUpdate(byKey, update, options);
            } catch (MongoCommandException e) {
                // Two first counts of the day raced on the upsert: the loser adds to the winner's document.
                if (e.getErrorCode() != 11000) {
                    throw e;
                }
                counted = caps.findOneAndUpdate(byKey, update, options);
            }
            if (counted.getList("counted", String.class).indexOf(requestId) < cap) {
                return true;
            }
            caps.updateOne(byKey, Updates.pull("counted", requestId));
            return false;
        }

        @Override
        public void purgeProfile(String profileId) {
            caps.deleteMany(Filters.eq("profileId", profileId));
        }

        @Override
        public int purgeExpired(Instant now, int limit) {
            Date cutoff = Date.from(now);
            List<Object> expired = caps.find(Filters.lt("expireAt", cutoff)).projection(new Document("_id", 1))
                    .limit(limit).map(d -> d.get("_id")).into(new ArrayList<>());
            if (expired.isEmpty()) {
                return 0;
            }
            return (int) caps.deleteMany(Filters.and(Filters.in("_id", expired), Filters.lt("expireAt", cutoff)))
                    .getDeletedCount();
        }
    }

    /** Survey answers in {@code survey_answers} ({@code _id} = requestId: one answer per message). */
    public static class SurveyAnswers implements SurveyAnswerStore {
        private final MongoCollection<Document> answers;

        public SurveyAnswers(MongoDatabase database) {
            this.answers = database.getCollection("survey_answers");
        }

        @Override
        public Optional<StoredAnswer> find(String requestId) {
            return Optional.ofNullable(RequestReads.bounded(answers.find(Filters.eq("_id", requestId))).first())
                    .map(d -> new StoredAnswer(d.getString("_id"), d.getString("profileId"), d.getString("kind"),
                            d.getInteger("score"), d.getString("comment"), d.getDate("at").toInstant()));
        }

        @Override
        public boolean record(SurveyLinks.Answer answer, String profileId, String comment, Instant at) {
            try {
                answers.insertOne(new Document("_id", answer.requestId()).append("profileId", profileId)
                        .append("kind", answer.kind().wireName()).append("score", answer.score())
                        .append("comment", comment).append("at", Date.from(at)));
                return true;
            } catch (MongoWriteException e) {
                if (!duplicate(e)) {
                    throw e;
                }
                return false;
            }
        }

        @Override
        public long purgeProfile(String profileId) {
            return answers.deleteMany(Filters.eq("profileId", profileId)).getDeletedCount();
        }
    }

    /** Messages in {@code inbox} ({@code _id} = requestId). */
    public static class Inbox implements InboxStore {
        private final MongoCollection<Document> inbox;

        public Inbox(MongoDatabase database) {
            this.inbox = database.getCollection("inbox");
        }

        @Override
        public void put(InboxMessage m) {
            try {
                inbox.insertOne(new Document("_id", m.messageId()).append("profileId", m.profileId())
                        .append("title", m.title()).append("body", m.body()).append("deepLink", m.deepLink())
                        .append("createdAt", Date.from(m.createdAt())));
            } catch (MongoWriteException e) {
                if (!duplicate(e)) {
                    throw e;
                }
            }
        }

        @Override
        public List<InboxMessage> list(String profileId, boolean unreadOnly, int limit) {
            Bson filter = unreadOnly ? Filters.and(Filters.eq("profileId", profileId), Filters.eq("readAt", null))
                    : Filters.eq("profileId", profileId);
            List<InboxMessage> out = new ArrayList<>();
            RequestReads.bounded(inbox.find(filter)).sort(Sorts.descending("createdAt")).limit(limit)
                    .forEach(d -> out.add(message(d)));
            return out;
        }

        private static InboxMessage message(Document d) {
            return new InboxMessage(d.getString("_id"), d.getString("profileId"), d.getString("title"),
                    d.getString("body"), d.getString("deepLink"), d.getDate("createdAt").toInstant(),
                    d.getDate("readAt") == null ? null : d.getDate("readAt").toInstant());
        }

        @Override
        public long countUnread(String profileId) {
            return inbox.countDocuments(Filters.and(Filters.eq("profileId", profileId), Filters.eq("readAt", null)),
                    new CountOptions().maxTime(RequestReads.MAX_TIME.toMillis(), TimeUnit.MILLISECONDS));
        }

        @Override
        public List<InboxMessage> changedSince(Collection<String> profileIds, Instant since, int limit) {
            Date after = Date.from(since);
            Bson filter = Filters.and(Filters.in("profileId", profileIds),
                    Filters.or(Filters.gt("createdAt", after), Filters.gt("readAt", after)));
            List<InboxMessage> out = new ArrayList<>();
            RequestReads.bounded(inbox.find(filter)).sort(Sorts.ascending("createdAt")).limit(limit)
                    .forEach(d -> out.add(message(d)));
            return out;
        }

        @Override
        public boolean markRead(String profileId, String messageId, Instant at) {
            Bson mine = Filters.and(Filters.eq("_id", messageId), Filters.eq("profileId", profileId));
            if (inbox.find(mine).first() == null) {
                return false;
            }
            inbox.updateOne(Filters.and(mine, Filters.eq("readAt", null)), Updates.set("readAt", Date.from(at)));
            return true;
        }

        @Override
        public long purgeProfile(String profileId) {
            return inbox.deleteMany(Filters.eq("profileId", profileId)).getDeletedCount();
        }
    }

    /** Tracked links in {@code links} ({@code _id} = requestId:index); identity as {k, v} entries. */
    public static class Links implements LinkStore {
        private final MongoCollection<Document> links;

        public Links(MongoDatabase database) {
            this.links = database.getCollection("links");
        }

        @Override
        public void record(List<TrackedLink> tracked) {
            if (tracked.isEmpty()) {
                return;
            }
            List<Document> docs = new ArrayList<>();
            for (TrackedLink l : tracked) {
                List<Document> identity = new ArrayList<>();
                l.identity().forEach((k, v) -> identity.add(new Document("k", k).append("v", v)));
                docs.add(new Document("_id", l.linkId()).append("requestId", l.requestId())
                        .append("profileId", l.profileId()).append("url", l.url())
                        .append("templateId", l.templateId()).append("journeyId", l.journeyId())
                        .append("stepId", l.stepId()).append("identity", identity));
            }
            // A link id names one URL of one sent message forever: an existing one (a resumed request) stays.
            BulkWrites.insertAllowingDuplicates(links, docs);
        }

        @Override
        public Optional<TrackedLink> find(String linkId) {
            Document d = RequestReads.bounded(links.find(Filters.eq("_id", linkId))).first();
            if (d == null) {
                return Optional.empty();
            }
            Map<String, String> identity = new LinkedHashMap<>();
            d.getList("identity", Document.class, List.of()).forEach(e -> identity.put(e.getString("k"),
                    e.getString("v")));
            return Optional.of(new TrackedLink(d.getString("_id"), d.getString("requestId"), d.getString("profileId"),
                    d.getString("url"), d.getString("templateId"), d.getString("journeyId"), d.getString("stepId"),
                    identity));
        }

        @Override
        public void purgeProfile(String profileId) {
            links.deleteMany(Filters.eq("profileId", profileId));
        }
    }
}
