package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.omnijourney.journey.app.OutboxFlusher;
import io.omnijourney.journey.app.OutboxMessage;
import io.omnijourney.journey.app.OutboxRelay;
import io.omnijourney.journey.app.Pending;
import io.omnijourney.journey.app.StoredInstance;
import io.omnijourney.journey.app.UnitOfWork;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import io.omnijourney.kit.mongo.Migration;
import io.omnijourney.kit.mongo.MigrationRunner;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timer and outbox hints against the wire-protocol MongoDB server: due timers and stale outboxes are found through
 * the hints only, a hint written by a writer that died before its instance write is harmless, a stale hint is
 * corrected or removed when read, and instances stored without hints get them once at start-up.
 */
class InstanceHintsTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final Instant DUE = T0.plus(Duration.ofHours(1));
    private static final Instant LATER = DUE.plusSeconds(1);

    private MongoDatabase database;
    private MongoInstanceStore instances;
    private MongoProfileCache profiles;
    private MongoCollection<Document> hints;

    @BeforeEach
    void freshDatabase() {
        database = MongoTestClient.database("journey-instance-hints-test");
        database.drop();
        instances = new MongoInstanceStore(database, LocalServerWorkarounds.ON);
        profiles = new MongoProfileCache(database, LocalServerWorkarounds.ON);
        hints = database.getCollection("hints");
    }

    @Test
    void aTimerIsFoundThroughItsHintAndItsHintIsRemovedAfterTheFiringEndsTheInstance() {
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-1", DUE), List.of());
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-2", DUE.plusSeconds(600)), List.of());
        assertThat(hintIds()).containsExactlyInAnyOrder("t:ji-1", "t:ji-2");

        assertThat(instances.claimDueBatch(DUE.minusSeconds(1), "a", DUE.plusSeconds(29), 10)).as("not yet due")
                .isEmpty();
        List<StoredInstance> claimed = instances.claimDueBatch(LATER, "a", LATER.plusSeconds(30), 10);
        assertThat(ids(claimed)).containsExactly("ji-1");
        assertThat(instances.claimDueBatch(LATER, "b", LATER.plusSeconds(30), 10)).as("leased").isEmpty();

        // The firing ends the instance (a write conditional on the claimed revision); its hint is owed a removal.
        UnitOfWork unit = UnitOfWork.immediate(instances, profiles);
        unit.seed(claimed.get(0));
        JourneyInstance done = ended(claimed.get(0).instance(), LATER);
        assertThat(unit.update(done, claimed.get(0).instance().revision, List.of(message("jr-1")))).isTrue();
        instances.settle();
        assertThat(hintIds()).containsExactlyInAnyOrder("t:ji-2", "o:ji-1");
        instances.markPublishedAll(List.of(new Pending("ji-1", claimed.get(0).instance().revision + 1,
                List.of(message("jr-1")))));
        instances.settle();
        assertThat(hintIds()).containsExactly("t:ji-2");

        // A firing that appends no message: the outbox hint written ahead with the claim is removed too.
        Instant second = DUE.plusSeconds(601);
        StoredInstance other = instances.claimDueBatch(second, "a", second.plusSeconds(30), 10).get(0);
        assertThat(hintIds()).containsExactlyInAnyOrder("t:ji-2", "o:ji-2");
        UnitOfWork quiet = UnitOfWork.immediate(instances, profiles);
        quiet.seed(other);
        assertThat(quiet.update(ended(other.instance(), second), other.instance().revision, List.of())).isTrue();
        instances.settle();
        assertThat(hintIds()).isEmpty();
    }

    @Test
    void aTimerWithoutHintIsNotSeenAndTheStartUpPassHintsTimersAndOutboxesOfThePreviousVersion() {
        // Stored as the previous version did: the instance with its timer and outbox, no hint.
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-old", DUE), List.of(message("jr-old")));
        JourneyInstance done = ended(waiting("ji-done", DUE), T0);
        UnitOfWork.immediate(instances, profiles).insert(done, List.of());
        hints.drop();
        assertThat(instances.claimDueBatch(LATER, "a", LATER.plusSeconds(30), 10)).as("the hints are the index")
                .isEmpty();

        Migration pass = new Migration("journey-0009-timer-outbox-hints", "hints",
                TimerOutboxHints.pass(LocalServerWorkarounds.ON)).doneWhereMarked(TimerOutboxHints.MARKER);
        MigrationRunner runner = new MigrationRunner(database, Clock.systemUTC(), MigrationRunner.Settings.DEFAULTS);
        assertThat(runner.run(List.of(pass)).applied()).hasSize(1);
        assertThat(hintIds()).containsExactlyInAnyOrder("t:ji-old", "o:ji-old");
        assertThat(ids(instances.claimDueBatch(LATER, "a", LATER.plusSeconds(30), 10))).containsExactly("ji-old");
        assertThat(ids(instances.withStaleOutbox(LATER, 10))).containsExactly("ji-old");
        assertThat(runner.run(List.of(pass)).applied()).as("runs once").isEmpty();
    }

    @Test
    void aHintWrittenByAWriterThatDiedBeforeItsInstanceWriteIsHarmlessAndRemovedAfterTheHorizon() {
        Instant justBefore = DUE.minusSeconds(1);
        // A crash between the hint write and the instance insert: only the hint exists.
        hints.insertOne(new Document("_id", "t:ji-ghost").append("k", "t").append("i", "ji-ghost")
                .append("at", Date.from(DUE)).append("rev", 1L).append("w", Date.from(justBefore)));
        // And between the hint write and an update that would have given an existing instance an earlier timer.
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-1", DUE.plusSeconds(3600)), List.of());
        hints.updateOne(new Document("_id", "t:ji-1"), new Document("$set", new Document("at", Date.from(DUE))
                .append("rev", 2L).append("w", Date.from(justBefore))));

        assertThat(instances.claimDueBatch(LATER, "a", LATER.plusSeconds(30), 10)).as("nothing to fire").isEmpty();
        assertThat(hintIds()).containsExactlyInAnyOrder("t:ji-ghost", "t:ji-1");
        assertThat(hints.find(new Document("_id", "t:ji-ghost")).first().getDate("at"))
                .as("looked at again soon: the write might still land")
                .isEqualTo(Date.from(LATER.plus(HintedTimers.RECHECK)));
        assertThat(instances.find("ji-1").orElseThrow().instance().dueAt).isEqualTo(DUE.plusSeconds(3600));

        Instant afterHorizon = DUE.plus(HintedTimers.HINT_HORIZON).plusSeconds(10);
        assertThat(instances.claimDueBatch(afterHorizon, "a", afterHorizon.plusSeconds(30), 10)).isEmpty();
        assertThat(hintIds()).as("the ghost's hint removed, the live instance's reset to its own timer")
                .containsExactly("t:ji-1");
        Document reset = hints.find(new Document("_id", "t:ji-1")).first();
        assertThat(reset.getDate("at")).isEqualTo(Date.from(DUE.plusSeconds(3600)));
        assertThat(reset.get("rev", Number.class).longValue()).isEqualTo(1L);
        Instant due = DUE.plusSeconds(3601);
        assertThat(ids(instances.claimDueBatch(due, "a", due.plusSeconds(30), 10))).containsExactly("ji-1");
    }

    @Test
    void aStaleHintIsRemovedOrMovedWhenReadAndAChangedTimerIsFoundAtItsNewTime() {
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-ended", DUE), List.of());
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-moved", DUE), List.of());
        // One timer moved later (wait for an event answered, then a 24 h wait): its hint stays early.
        UnitOfWork unit = UnitOfWork.immediate(instances, profiles);
        JourneyInstance moved = unit.find("ji-moved").orElseThrow().instance().copy();
        moved.dueAt = DUE.plus(Duration.ofHours(24));
        assertThat(unit.update(moved, 1, List.of())).isTrue();
        // The other instance ended, but the process died before it removed the hint (a new store forgets what it
        // owed).
        JourneyInstance ended = ended(unit.find("ji-ended").orElseThrow().instance(), T0);
        assertThat(unit.update(ended, 1, List.of())).isTrue();
        MongoInstanceStore restarted = new MongoInstanceStore(database, LocalServerWorkarounds.ON);
        assertThat(hintIds()).containsExactlyInAnyOrder("t:ji-ended", "t:ji-moved");

        assertThat(restarted.claimDueBatch(LATER, "a", LATER.plusSeconds(30), 10)).isEmpty();
        assertThat(hintIds()).containsExactly("t:ji-moved");
        assertThat(hints.find(new Document("_id", "t:ji-moved")).first().getDate("at"))
                .isEqualTo(Date.from(moved.dueAt));
        Instant next = moved.dueAt.plusSeconds(1);
        assertThat(ids(restarted.claimDueBatch(next, "a", next.plusSeconds(30), 10))).containsExactly("ji-moved");
    }

    @Test
    void theRelayPublishesAnOutboxFoundThroughItsHintAndRemovesTheHint() {
        UnitOfWork.immediate(instances, profiles).insert(ended(waiting("ji-1", DUE), T0), List.of(message("jr-1")));
        UnitOfWork.immediate(instances, profiles).insert(ended(waiting("ji-2", DUE), T0), List.of());
        assertThat(hintIds()).as("an instance that ends without a message needs no hint").containsExactly("o:ji-1");
        List<String> published = new ArrayList<>();
        Clock clock = Clock.fixed(T0.plusSeconds(11), ZoneOffset.UTC);
        OutboxRelay relay = new OutboxRelay(instances, new OutboxFlusher(
                messages -> messages.forEach(m -> published.add(m.id())), instances), clock);

        assertThat(new OutboxRelay(instances, new OutboxFlusher(messages -> published.add("too early"), instances),
                Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC)).relay(Duration.ofSeconds(10))).isZero();
        assertThat(relay.relay(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(published).containsExactly("jr-1");
        assertThat(instances.find("ji-1").orElseThrow().outbox()).isEmpty();
        assertThat(hintIds()).isEmpty();
        assertThat(relay.relay(Duration.ofSeconds(10))).isZero();
        assertThat(published).containsExactly("jr-1");
    }

    @Test
    void aDeferredUnitWritesItsHintsInOneBulkWriteBeforeItsInstances() {
        UnitOfWork unit = UnitOfWork.deferred(instances, profiles);
        unit.insert(waiting("ji-1", DUE), List.of(message("jr-1")));
        unit.insert(ended(waiting("ji-2", DUE), T0), List.of(message("jr-2")));
        unit.insert(ended(waiting("ji-3", DUE), T0), List.of());
        assertThat(hintIds()).as("nothing before commit").isEmpty();
        unit.commit();
        assertThat(hintIds()).containsExactlyInAnyOrder("t:ji-1", "o:ji-1", "o:ji-2");
        // A later unit that does not change the timer writes no hint.
        UnitOfWork next = UnitOfWork.deferred(instances, profiles);
        JourneyInstance seen = next.find("ji-1").orElseThrow().instance().copy();
        seen.seenEvents.add("m-x");
        hints.deleteOne(new Document("_id", "t:ji-1"));
        assertThat(next.update(seen, 1, List.of())).isTrue();
        next.commit();
        assertThat(hintIds()).containsExactlyInAnyOrder("o:ji-1", "o:ji-2");
    }

    private List<String> hintIds() {
        return hints.find().map(d -> d.getString("_id")).into(new ArrayList<>());
    }

    private static List<String> ids(List<StoredInstance> stored) {
        return stored.stream().map(s -> s.instance().id).toList();
    }

    private static JourneyInstance waiting(String id, Instant dueAt) {
        JourneyInstance i = new JourneyInstance();
        i.id = id;
        i.journeyId = "j-1";
        i.version = 1;
        i.profileId = "p-" + id;
        i.trigger = new JourneyInstance.TriggerEvent("m-" + id, "Timer", Map.of(), T0);
        i.stepId = "wait";
        i.waitKind = JourneyInstance.WaitKind.TIMER;
        i.dueAt = dueAt;
        i.enteredAt = T0;
        i.updatedAt = T0;
        return i;
    }

    private static JourneyInstance ended(JourneyInstance from, Instant at) {
        JourneyInstance i = from.copy();
        i.status = JourneyInstance.Status.COMPLETED;
        i.waitKind = JourneyInstance.WaitKind.NONE;
        i.dueAt = null;
        i.endedAt = at;
        i.updatedAt = at;
        return i;
    }

    private static OutboxMessage message(String id) {
        return new OutboxMessage(id, "notification-requests", "p-1", "{}", Map.of("ce_id", id));
    }
}
