package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.kit.mongo.BulkWrites;
import io.omnijourney.kit.mongo.RequestReads;
import io.omnijourney.profile.app.TimelineStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * The local server's stand-in for the timeline's {@code (profileId, timestamp, _id)} index, which it accepts and
 * ignores (a page of one person's timeline scanned every entry of everyone: 200 ms at 400,000 entries). One document
 * per profile in {@value #COLLECTION} ({@code _id} the profile id) lists its entries as {@code {t, c, i}} (timestamp,
 * channel, entry id), the newest {@code cap} pushed; a page reads the lists of the person's profile ids, picks the
 * newest matching ids, and loads those entries by {@code _id}, the one index the local server uses.
 *
 * <p>Written before the entries themselves: an id whose entry was never written (a crash in between), was trimmed,
 * or is listed twice (a redelivery) is skipped when read. Only where {@link LocalServerWorkarounds} are on; MongoDB
 * walks the real index and this collection does not exist there.
 */
final class LocalTimelineIndex {

    static final String COLLECTION = "timeline_local_index";
    private static final String ENTRIES = "e";

    private final MongoCollection<Document> lists;
    private final MongoCollection<Document> timeline;
    private final LocalServerWorkarounds local;
    private final int cap;

    LocalTimelineIndex(MongoDatabase database, LocalServerWorkarounds local, int cap) {
        this.lists = database.getCollection(COLLECTION);
        this.timeline = database.getCollection(MongoTimelineStore.COLLECTION);
        this.local = local;
        this.cap = cap;
    }

    /** Lists the entries under their profiles (one upsert per profile, in one bulk write). */
    void add(List<TimelineStore.Entry> entries) {
        Map<String, List<Document>> byProfile = new LinkedHashMap<>();
        for (TimelineStore.Entry entry : entries) {
            TouchpointEvent event = entry.event();
            byProfile.computeIfAbsent(entry.profileId(), p -> new ArrayList<>()).add(item(
                    Date.from(event.timestamp()), event.channel().wireName(), event.messageId()));
        }
        write(lists, byProfile, cap);
    }

    /**
     * The local server's schema step: lists every entry already in the timeline (entries written before this index
     * existed), from scratch. Reads the timeline once, in its stored order, pushing every 10,000 entries.
     */
    static long rebuild(MongoDatabase database) {
        MongoCollection<Document> lists = database.getCollection(COLLECTION);
        lists.drop();
        Map<String, List<Document>> pending = new HashMap<>();
        long seen = 0;
        int buffered = 0;
        for (Document d : database.getCollection(MongoTimelineStore.COLLECTION).find()
                .projection(Projections.include("profileId", "timestamp", "channel"))) {
            pending.computeIfAbsent(d.getString("profileId"), p -> new ArrayList<>()).add(item(
                    d.getDate("timestamp"), d.getString("channel"), String.valueOf(d.get("_id"))));
            seen++;
            if (++buffered == 10_000) {
                write(lists, pending, 0);
                pending.clear();
                buffered = 0;
            }
        }
        write(lists, pending, 0);
        return seen;
    }

    /** A page, newest first (ties by id, descending), as {@link MongoTimelineStore#page} answers it. */
    List<TouchpointEvent> page(Collection<String> profileIds, Optional<Channel> channel, Optional<Instant> from,
            Optional<Instant> to, Optional<Instant> before, int limit) {
        List<Listed> candidates = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (List<String> chunk : local.inChunks(profileIds)) {
            for (Document list : RequestReads.bounded(lists.find(Filters.in("_id", chunk)))) {
                for (Document item : list.getList(ENTRIES, Document.class, List.of())) {
                    Listed listed = new Listed(item.getDate("t").toInstant(), item.getString("c"), item.getString("i"));
                    if (listed.matches(channel, from, to, before) && ids.add(listed.id())) {
                        candidates.add(listed);
                    }
                }
            }
        }
        candidates.sort(Comparator.comparing(Listed::at).thenComparing(Listed::id).reversed());
        List<TouchpointEvent> page = new ArrayList<>(Math.min(limit, candidates.size()));
        int next = 0;
        while (page.size() < limit && next < candidates.size()) {
            // A few more than needed, for listed ids whose entries are gone.
            List<String> wanted = new ArrayList<>();
            for (int end = Math.min(candidates.size(), next + limit - page.size() + 10); next < end; next++) {
                wanted.add(candidates.get(next).id());
            }
            Map<String, TouchpointEvent> found = new HashMap<>();
            for (List<String> chunk : local.inChunks(wanted)) {
                RequestReads.bounded(timeline.find(Filters.in("_id", chunk)))
                        .forEach(d -> found.put(String.valueOf(d.get("_id")), MongoTimelineStore.event(d)));
            }
            for (String id : wanted) {
                TouchpointEvent event = found.get(id);
                if (event != null && page.size() < limit) {
                    page.add(event);
                }
            }
        }
        return page;
    }

    /** Forgets the lists of these profiles (erasure). */
    void erase(Collection<String> profileIds) {
        for (List<String> chunk : local.inChunks(profileIds)) {
            lists.deleteMany(Filters.in("_id", chunk));
        }
    }

    private static void write(MongoCollection<Document> lists, Map<String, List<Document>> byProfile, int keep) {
        List<WriteModel<Document>> models = new ArrayList<>(byProfile.size());
        byProfile.forEach((profileId, items) -> models.add(new UpdateOneModel<>(Filters.eq("_id", profileId),
                keep > 0 ? Updates.pushEach(ENTRIES, items, new PushOptions().slice(-keep))
                        : Updates.pushEach(ENTRIES, items),
                new UpdateOptions().upsert(true))));
        for (int i = 0; i < models.size(); i += 1000) {
            BulkWrites.write(lists, models.subList(i, Math.min(models.size(), i + 1000)));
        }
    }

    private static Document item(Date at, String channel, String id) {
        return new Document("t", at).append("c", channel).append("i", id);
    }

    private record Listed(Instant at, String channel, String id) {

        boolean matches(Optional<Channel> wanted, Optional<Instant> from, Optional<Instant> to,
                Optional<Instant> before) {
            return wanted.map(c -> c.wireName().equals(channel)).orElse(true)
                    && from.map(t -> !at.isBefore(t)).orElse(true)
                    && to.map(t -> !at.isAfter(t)).orElse(true)
                    && before.map(at::isBefore).orElse(true);
        }
    }
}
