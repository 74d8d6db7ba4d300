package io.omnijourney.notification.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The stream bookkeeping over an in-memory store (the MongoDB store and the SSE edge are tested in DeliveryTest). */
class InboxWatchTest {

    private Instant now = Instant.parse("2026-12-06T10:00:00Z");
    private final Clock clock = TestClocks.of(() -> now);
    private final MemoryInbox store = new MemoryInbox();
    private final InboxWatch watch = new InboxWatch(store, clock, 3, 2, Duration.ofSeconds(5));

    /** A listener that records what it got and can be told that its client has gone. */
    private static final class Recorder implements InboxWatch.Listener {
        final List<InboxWatch.Update> updates = new ArrayList<>();
        boolean gone;
        int pings;

        @Override
        public boolean deliver(InboxWatch.Update update) {
            updates.add(update);
            return !gone;
        }

        @Override
        public boolean ping() {
            pings++;
            return !gone;
        }

        List<String> events() {
            List<String> out = new ArrayList<>();
            updates.forEach(u -> u.changed().forEach(m -> out.add((m.readAt() == null ? "new " : "read ")
                    + m.messageId())));
            return out;
        }
    }

    @Test
    void aNewMessageAndItsReadingReachEveryStreamOfTheProfileOnce() {
        Recorder phone = new Recorder();
        Recorder tablet = new Recorder();
        Recorder other = new Recorder();
        watch.open("p1", phone);
        watch.open("p1", tablet);
        watch.open("p2", other);
        tick();
        store.put(message("m1", "p1"));
        tick();
        tick();
        assertThat(phone.events()).as("once, though two polls look back over it").containsExactly("new m1");
        assertThat(tablet.events()).containsExactly("new m1");
        assertThat(phone.updates.get(0).unread()).isEqualTo(1);
        assertThat(other.updates).isEmpty();

        store.markRead("p1", "m1", now);
        tick();
        tick();
        assertThat(phone.events()).containsExactly("new m1", "read m1");
        assertThat(phone.updates.get(1).unread()).isZero();
    }

    @Test
    void aGoneClientIsDroppedAtItsNextUpdateOrPing() {
        Recorder left = new Recorder();
        Recorder stays = new Recorder();
        watch.open("p1", left);
        watch.open("p3", stays);
        left.gone = true;
        store.put(message("m1", "p1"));
        tick();
        assertThat(watch.openStreams()).isEqualTo(1);
        stays.gone = true;
        watch.ping();
        assertThat(watch.openStreams()).isZero();
        store.put(message("m2", "p1"));
        store.queries = 0;
        tick();
        assertThat(store.queries).as("no stream, no query").isZero();
    }

    @Test
    void streamsAreLimitedPerProfileAndPerInstanceAndAClosedOneFreesItsPlace() {
        InboxWatch.Stream first = watch.open("p1", new Recorder());
        watch.open("p1", new Recorder());
        assertThatThrownBy(() -> watch.open("p1", new Recorder()))
                .isInstanceOfSatisfying(InboxWatch.StreamLimitException.class, e -> assertThat(e.instanceFull()).isFalse());
        watch.open("p2", new Recorder());
        assertThatThrownBy(() -> watch.open("p4", new Recorder()))
                .isInstanceOfSatisfying(InboxWatch.StreamLimitException.class, e -> assertThat(e.instanceFull()).isTrue());
        first.close();
        first.close();
        assertThat(watch.openStreams()).isEqualTo(2);
        watch.open("p4", new Recorder());
        assertThat(watch.openStreams()).isEqualTo(3);
    }

    @Test
    void aMessageStoredByAnInstanceWhoseClockIsBehindStillArrives() {
        Recorder phone = new Recorder();
        watch.open("p1", phone);
        tick();
        // Another instance, its clock 3 s behind, stores a message just after this poll.
        store.put(new InboxStore.InboxMessage("late", "p1", "t", "b", null, now.minusSeconds(3), null));
        tick();
        assertThat(phone.events()).containsExactly("new late");
    }

    private void tick() {
        now = now.plusSeconds(1);
        watch.poll();
    }

    private InboxStore.InboxMessage message(String id, String profileId) {
        return new InboxStore.InboxMessage(id, profileId, "title", "body", null, now, null);
    }

    private static final class MemoryInbox implements InboxStore {
        final Map<String, InboxMessage> byId = new ConcurrentHashMap<>();
        int queries;

        @Override
        public void put(InboxMessage message) {
            byId.putIfAbsent(message.messageId(), message);
        }

        @Override
        public List<InboxMessage> list(String profileId, boolean unreadOnly, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean markRead(String profileId, String messageId, Instant at) {
            InboxMessage m = byId.get(messageId);
            byId.put(messageId, new InboxMessage(m.messageId(), m.profileId(), m.title(), m.body(), m.deepLink(),
                    m.createdAt(), at));
            return true;
        }

        @Override
        public long countUnread(String profileId) {
            return byId.values().stream().filter(m -> m.profileId().equals(profileId) && m.readAt() == null).count();
        }

        @Override
        public List<InboxMessage> changedSince(Collection<String> profileIds, Instant since, int limit) {
            queries++;
            return byId.values().stream().filter(m -> profileIds.contains(m.profileId()))
                    .filter(m -> m.createdAt().isAfter(since) || (m.readAt() != null && m.readAt().isAfter(since)))
                    .sorted(java.util.Comparator.comparing(InboxMessage::createdAt)).limit(limit).toList();
        }

        @Override
        public long purgeProfile(String profileId) {
            return 0;
        }
    }
}
