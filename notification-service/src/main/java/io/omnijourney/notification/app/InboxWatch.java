package io.omnijourney.notification.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live updates of the in-app inbox: the streams open on this instance, by profile, and one poll that passes them what
 * changed. Messages are stored by whichever instance handled the request, and marked read by whichever answered the
 * call, so this instance learns of them from MongoDB: one query per poll for all its streams' profiles (in chunks),
 * on the profile index, whatever the number of streams. Each poll looks back a few seconds more than its interval
 * (instances' clocks differ) and each stream remembers what it was given, so a change is passed on once per stream.
 */
public final class InboxWatch {

    /** What changed for a profile since its stream's last update, and how many of its messages are unread now. */
    public record Update(List<InboxStore.InboxMessage> changed, long unread) {
    }

    /** A stream's receiving end; {@code false} when the client has gone (the stream is then dropped). */
    public interface Listener {
        boolean deliver(Update update);

        /** Keeps the connection open through proxies, and finds clients that left without closing. */
        boolean ping();
    }

    /** Too many streams, on this instance or for this profile. */
    public static final class StreamLimitException extends RuntimeException {
        private final boolean instanceFull;

        StreamLimitException(String message, boolean instanceFull) {
            super(message);
            this.instanceFull = instanceFull;
        }

        /** The instance's limit, not the profile's: another instance may have room. */
        public boolean instanceFull() {
            return instanceFull;
        }
    }

    static final int PROFILES_PER_QUERY = 500;
    static final int CHANGES_PER_QUERY = 2_000;
    private static final int REMEMBERED_PER_STREAM = 1_000;

    private final InboxStore store;
    private final Clock clock;
    private final int maxStreams;
    private final int maxStreamsPerProfile;
    private final Duration lookBack;
    private final Map<String, List<Stream>> byProfile = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile Instant lastPoll;

    public InboxWatch(InboxStore store, Clock clock, int maxStreams, int maxStreamsPerProfile, Duration lookBack) {
        this.store = store;
        this.clock = clock;
        this.maxStreams = maxStreams;
        this.maxStreamsPerProfile = maxStreamsPerProfile;
        this.lookBack = lookBack;
        this.lastPoll = clock.instant();
    }

    /** A stream's handle: closing it stops its updates. */
    public final class Stream implements AutoCloseable {
        private final String profileId;
        private final Listener listener;
        /** messageId to the state last passed on (read or not), newest last, bounded. */
        private final Map<String, Boolean> given = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED_PER_STREAM;
            }
        };

        private Stream(String profileId, Listener listener) {
            this.profileId = profileId;
            this.listener = listener;
        }

        @Override
        public void close() {
            List<Stream> streams = byProfile.get(profileId);
            if (streams == null) {
                return;
            }
            synchronized (streams) {
                if (streams.remove(this)) {
                    open.decrementAndGet();
                    if (streams.isEmpty()) {
                        byProfile.remove(profileId, streams);
                    }
                }
            }
        }

        /** The changes not yet given to this stream. */
        private synchronized List<InboxStore.InboxMessage> fresh(List<InboxStore.InboxMessage> changed) {
            List<InboxStore.InboxMessage> fresh = new ArrayList<>();
            for (InboxStore.InboxMessage m : changed) {
                boolean read = m.readAt() != null;
                if (!Boolean.valueOf(read).equals(given.get(m.messageId()))) {
                    given.put(m.messageId(), read);
                    fresh.add(m);
                }
            }
            return fresh;
        }
    }

    /** Opens a stream for the profile; refused with {@link StreamLimitException} beyond the limits. */
    public Stream open(String profileId, Listener listener) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw new StreamLimitException("this instance serves " + maxStreams + " inbox streams already", true);
        }
        Stream stream = new Stream(profileId, listener);
        while (true) {
            List<Stream> streams = byProfile.computeIfAbsent(profileId, k -> new CopyOnWriteArrayList<>());
            synchronized (streams) {
                if (byProfile.get(profileId) != streams) {
                    continue; // emptied and removed by a close meanwhile: take the new list
                }
                if (streams.size() >= maxStreamsPerProfile) {
                    open.decrementAndGet();
                    throw new StreamLimitException("the profile has " + maxStreamsPerProfile
                            + " inbox streams open", false);
                }
                streams.add(stream);
                return stream;
            }
        }
    }

    public int openStreams() {
        return open.get();
    }

    /** Passes on what changed since the last poll (a few seconds more); returns the number of updates delivered. */
    public int poll() {
        Instant now = clock.instant();
        Instant since = lastPoll.minus(lookBack);
        Set<String> profiles = byProfile.keySet();
        if (profiles.isEmpty()) {
            lastPoll = now;
            return 0;
        }
        Map<String, List<InboxStore.InboxMessage>> changes = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(profiles);
        for (int from = 0; from < all.size(); from += PROFILES_PER_QUERY) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + PROFILES_PER_QUERY));
            for (InboxStore.InboxMessage m : store.changedSince(chunk, since, CHANGES_PER_QUERY)) {
                changes.computeIfAbsent(m.profileId(), k -> new ArrayList<>()).add(m);
            }
        }
        int delivered = 0;
        for (Map.Entry<String, List<InboxStore.InboxMessage>> entry : changes.entrySet()) {
            List<Stream> streams = byProfile.getOrDefault(entry.getKey(), List.of());
            Long unread = null;
            for (Stream stream : streams) {
                List<InboxStore.InboxMessage> fresh = stream.fresh(entry.getValue());
                if (fresh.isEmpty()) {
                    continue;
                }
                if (unread == null) {
                    unread = store.countUnread(entry.getKey());
                }
                if (stream.listener.deliver(new Update(fresh, unread))) {
                    delivered++;
                } else {
                    stream.close();
                }
            }
        }
        lastPoll = now;
        return delivered;
    }

    /** Pings every stream; those whose client has gone are closed. */
    public void ping() {
        byProfile.values().forEach(streams -> streams.forEach(stream -> {
            if (!stream.listener.ping()) {
                stream.close();
            }
        }));
    }
}
