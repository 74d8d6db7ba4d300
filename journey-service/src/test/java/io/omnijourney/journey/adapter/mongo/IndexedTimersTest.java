package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real-MongoDB path of timers and outboxes (local-server workarounds off) against the wire-protocol server: due
 * timers and stale outboxes are found by queries on {@code instances} whatever wrote them, no hint is ever written,
 * and the partial indexes real MongoDB serves those queries (and the live instances) from exist with their filters.
 */
class IndexedTimersTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final Instant DUE = T0.plus(Duration.ofHours(1));
    private static final Instant LATER = DUE.plusSeconds(1);

    private MongoDatabase database;
    private MongoInstanceStore instances;
    private MongoProfileCache profiles;

    @BeforeEach
    void freshDatabase() {
        database = MongoTestClient.database("journey-indexed-timers-test");
        database.drop();
        instances = new MongoInstanceStore(database, LocalServerWorkarounds.OFF);
        profiles = new MongoProfileCache(database, LocalServerWorkarounds.OFF);
    }

    @Test
    void theDueQueryFindsTimersClaimsThemOnceAndNeverWritesAHint() {
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-1", DUE), List.of());
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-2", DUE.plusSeconds(600)), List.of());
        UnitOfWork.immediate(instances, profiles).insert(ended(waiting("ji-done", DUE), T0), List.of());

        assertThat(instances.claimDueBatch(DUE.minusSeconds(1), "a", DUE.plusSeconds(29), 10)).as("not yet due")
                .isEmpty();
        List<StoredInstance> claimed = instances.claimDueBatch(LATER, "a", LATER.plusSeconds(30), 10);
        assertThat(ids(claimed)).as("an ended instance keeps its dueAt but is never due").containsExactly("ji-1");
        assertThat(instances.claimDueBatch(LATER, "b", LATER.plusSeconds(30), 10)).as("leased").isEmpty();

        UnitOfWork unit = UnitOfWork.immediate(instances, profiles);
        unit.seed(claimed.get(0));
        assertThat(unit.update(ended(claimed.get(0).instance(), LATER), claimed.get(0).instance().revision,
                List.of(message("jr-1")))).isTrue();
        instances.markPublishedAll(List.of(new Pending("ji-1", claimed.get(0).instance().revision + 1,
                List.of(message("jr-1")))));
        instances.settle();
        Instant afterLease = LATER.plusSeconds(31);
        assertThat(instances.claimDueBatch(afterLease, "b", afterLease.plusSeconds(30), 10)).as("fired once")
                .isEmpty();
        Instant second = DUE.plusSeconds(601);
        assertThat(ids(instances.claimDueBatch(second, "b", second.plusSeconds(30), 10))).containsExactly("ji-2");

        assertThat(database.getCollection("hints").countDocuments()).as("no hint on this path").isZero();
        assertThat(database.listCollectionNames().into(new ArrayList<>())).doesNotContain("hints");
    }

    @Test
    void aTimerMovedLaterIsFoundAtItsNewTimeAndATimerStoredByAnyVersionFires() {
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-moved", DUE), List.of());
        UnitOfWork unit = UnitOfWork.immediate(instances, profiles);
        JourneyInstance moved = unit.find("ji-moved").orElseThrow().instance().copy();
        moved.dueAt = DUE.plus(Duration.ofHours(24));
        assertThat(unit.update(moved, 1, List.of())).isTrue();
        // Stored with the workarounds on (hints beside it, which this path ignores): the instance is the index.
        new MongoInstanceStore(database, LocalServerWorkarounds.ON).insertAll(List.of(waiting("ji-old", DUE)));

        assertThat(ids(instances.claimDueBatch(LATER, "a", LATER.plusSeconds(30), 10))).containsExactly("ji-old");
        Instant next = moved.dueAt.plusSeconds(1);
        assertThat(ids(instances.claimDueBatch(next, "a", next.plusSeconds(30), 10)))
                .as("ji-old was claimed and never fired: its lease ran out, so it is due again")
                .containsExactlyInAnyOrder("ji-moved", "ji-old");
    }

    @Test
    void theRelayFindsAStaleOutboxByItsQueryAndNotAgainOnceEmptied() {
        UnitOfWork.immediate(instances, profiles).insert(ended(waiting("ji-1", DUE), T0), List.of(message("jr-1")));
        UnitOfWork.immediate(instances, profiles).insert(ended(waiting("ji-2", DUE), T0), List.of());
        List<String> published = new ArrayList<>();
        OutboxRelay relay = new OutboxRelay(instances, new OutboxFlusher(
                messages -> messages.forEach(m -> published.add(m.id())), instances),
                Clock.fixed(T0.plusSeconds(11), ZoneOffset.UTC));

        assertThat(new OutboxRelay(instances, new OutboxFlusher(messages -> published.add("too early"), instances),
                Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC)).relay(Duration.ofSeconds(10))).isZero();
        assertThat(relay.relay(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(published).containsExactly("jr-1");
        assertThat(instances.find("ji-1").orElseThrow().outbox()).isEmpty();
        assertThat(relay.relay(Duration.ofSeconds(10))).isZero();
        assertThat(database.getCollection("hints").countDocuments()).isZero();
    }

    @Test
    void thePartialIndexesExistWithTheirFiltersAndTheLocalServerOnlyIndexesDoNot() {
        new io.omnijourney.kit.mongo.MigrationRunner(database, Clock.systemUTC(),
                io.omnijourney.kit.mongo.MigrationRunner.Settings.DEFAULTS).run(JourneyMigrations.all(
                        LocalServerWorkarounds.OFF, profiles, new MongoStatsStore(database, LocalServerWorkarounds.OFF)));
        Map<String, Document> indexes = new java.util.HashMap<>();
        database.getCollection("instances").listIndexes().forEach(d -> indexes.put(d.getString("name"), d));

        assertIndex(indexes.get(IndexedTimers.DUE_INDEX), new Document("dueAt", 1), new Document("status", "ACTIVE"));
        assertIndex(indexes.get(IndexedTimers.OUTBOX_INDEX), new Document("outboxSince", 1),
                new Document("outboxSince", new Document("$type", "date")));
        assertIndex(indexes.get(LiveInstances.LIVE_INDEX), new Document("profileId", 1), new Document("live", true));
        assertThat(indexes).doesNotContainKey("id_revision");
        assertThat(MongoInstanceStore.pathIndexes(LocalServerWorkarounds.ON)).as("none on the local-server path")
                .isEmpty();
    }

    private static void assertIndex(Document index, Document key, Document partialFilter) {
        assertThat(index).as("index on %s", key).isNotNull();
        assertThat(index.get("key", Document.class)).isEqualTo(key);
        assertThat(index.get("partialFilterExpression", Document.class)).isEqualTo(partialFilter);
    }

    private static List<String> ids(List<StoredInstance> stored) {
        return stored.stream().map(s -> s.instance().id).toList();
    }

    static JourneyInstance waiting(String id, Instant dueAt) {
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

    static JourneyInstance ended(JourneyInstance from, Instant at) {
        JourneyInstance i = from.copy();
        i.status = JourneyInstance.Status.COMPLETED;
        i.waitKind = JourneyInstance.WaitKind.NONE;
        i.endedAt = at;
        i.updatedAt = at;
        return i;
    }

    private static OutboxMessage message(String id) {
        return new OutboxMessage(id, "notification-requests", "p-1", "{}", Map.of("ce_id", id));
    }
}
