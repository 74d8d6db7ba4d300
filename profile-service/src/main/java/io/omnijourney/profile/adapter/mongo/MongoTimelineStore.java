package io.omnijourney.profile.adapter.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.kit.mongo.BulkWrites;
import io.omnijourney.kit.mongo.RequestReads;
import io.omnijourney.profile.app.TimelineStore;
import io.omnijourney.profile.domain.SurveyScale;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code timeline} collection: one document per touchpoint ({@code _id} = messageId, so a redelivery is a
 * duplicate-key no-op). The event itself is kept as its JSON text: its properties carry user-chosen keys, which must
 * never become field names; only what the timeline filters and sorts on is stored as fields.
 */
public class MongoTimelineStore implements TimelineStore {

    public static final String COLLECTION = "timeline";
    private static final List<String> SURVEYS = Arrays.stream(SurveyScale.values()).map(SurveyScale::property)
            .toList();

    private final MongoCollection<Document> timeline;
    /** The local server's stand-in for the page index; null on MongoDB. */
    private final LocalTimelineIndex localIndex;

    /** Without the local server's workarounds. */
    public MongoTimelineStore(MongoDatabase database) {
        this(database, new LocalServerWorkarounds(false), 0);
    }

    /**
     * @param listed where the workarounds are on, how many entries per profile {@link LocalTimelineIndex} lists (at
     *               least the most a timeline holds before it is trimmed)
     */
    public MongoTimelineStore(MongoDatabase database, LocalServerWorkarounds local, int listed) {
        this.timeline = database.getCollection(COLLECTION);
        this.localIndex = local.enabled() ? new LocalTimelineIndex(database, local, listed) : null;
    }

    @Override
    public List<Entry> recordAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        if (localIndex != null) {
            localIndex.add(entries);
        }
        // An entry already recorded (a redelivered event) stays as it is.
        java.util.Set<Integer> duplicates = BulkWrites.insertAllowingDuplicates(timeline,
                entries.stream().map(e -> document(e.profileId(), e.event())).toList());
        List<Entry> recorded = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (!duplicates.contains(i)) {
                recorded.add(entries.get(i));
            }
        }
        return recorded;
    }

    private static Document document(String profileId, TouchpointEvent event) {
        Document document = new Document("_id", event.messageId())
                .append("profileId", profileId)
                .append("timestamp", Date.from(event.timestamp()))
                .append("channel", event.channel().wireName())
                .append("eventName", event.event())
                .append("event", new String(TouchpointCodec.encode(event), StandardCharsets.UTF_8));
        // A survey send: the kind, one of a fixed list (never the event's text as such), for the response rate.
        SurveyScale.askedBy(event).ifPresent(scale -> document.append("survey", scale.property()));
        return document;
    }

    @Override
    public List<TouchpointEvent> surveySends(Optional<Channel> channel, Instant from, Instant to) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("eventName", EventNames.NOTIFICATION_SENT));
        channel.ifPresent(c -> filters.add(Filters.eq("channel", c.wireName())));
        filters.add(Filters.gte("timestamp", Date.from(from)));
        filters.add(Filters.lt("timestamp", Date.from(to)));
        filters.add(Filters.in("survey", SURVEYS));
        return timeline.find(Filters.and(filters))
                .map(MongoTimelineStore::event)
                .into(new ArrayList<>());
    }

    @Override
    public void record(String profileId, TouchpointEvent event) {
        if (localIndex != null) {
            localIndex.add(List.of(new Entry(profileId, event)));
        }
        Inserts.ifAbsent(timeline, document(profileId, event));
    }

    @Override
    public List<TouchpointEvent> named(String eventName, Optional<Channel> channel, Instant from, Instant to) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("eventName", eventName));
        channel.ifPresent(c -> filters.add(Filters.eq("channel", c.wireName())));
        filters.add(Filters.gte("timestamp", Date.from(from)));
        filters.add(Filters.lt("timestamp", Date.from(to)));
        return timeline.find(Filters.and(filters))
                .map(MongoTimelineStore::event)
                .into(new ArrayList<>());
    }

    @Override
    public long trim(Collection<String> profileIds, int keep) {
        Document oldestKept = timeline.find(Filters.in("profileId", profileIds))
                .sort(Sorts.orderBy(Sorts.descending("timestamp"), Sorts.descending("_id"))).skip(keep - 1).first();
        if (oldestKept == null) {
            return 0;
        }
        return timeline.deleteMany(Filters.and(Filters.in("profileId", profileIds),
                Filters.lt("timestamp", oldestKept.getDate("timestamp")))).getDeletedCount();
    }

    @Override
    public long erase(Collection<String> profileIds) {
        if (localIndex != null) {
            localIndex.erase(profileIds);
        }
        return timeline.deleteMany(Filters.in("profileId", profileIds)).getDeletedCount();
    }

    @Override
    public List<TouchpointEvent> page(Collection<String> profileIds, Optional<Channel> channel,
            Optional<Instant> from, Optional<Instant> to, Optional<Instant> before, int limit) {
        if (localIndex != null) {
            return localIndex.page(profileIds, channel, from, to, before, limit);
        }
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.in("profileId", profileIds));
        channel.ifPresent(c -> filters.add(Filters.eq("channel", c.wireName())));
        from.ifPresent(t -> filters.add(Filters.gte("timestamp", Date.from(t))));
        to.ifPresent(t -> filters.add(Filters.lte("timestamp", Date.from(t))));
        before.ifPresent(t -> filters.add(Filters.lt("timestamp", Date.from(t))));
        return RequestReads.bounded(timeline.find(Filters.and(filters))).sort(Sorts.orderBy(
                        Sorts.descending("timestamp"), Sorts.descending("_id")))
                .limit(limit)
                .map(MongoTimelineStore::event)
                .into(new ArrayList<>());
    }

    /** The touchpoint an entry holds. */
    static TouchpointEvent event(Document entry) {
        return TouchpointCodec.decode(entry.getString("event").getBytes(StandardCharsets.UTF_8));
    }
}
