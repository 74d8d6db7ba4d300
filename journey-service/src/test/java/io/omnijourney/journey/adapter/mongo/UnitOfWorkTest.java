package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.journey.app.OutboxMessage;
import io.omnijourney.journey.app.Pending;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.app.ProfileCache.InstanceRef;
import io.omnijourney.journey.app.StoredInstance;
import io.omnijourney.journey.app.UnitOfWork;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The unit of work and the profile documents that list instances, against the wire-protocol MongoDB server: what is
 * listed, what a deferred unit writes (and when it must refuse to), and the one-time listing of older data.
 */
class UnitOfWorkTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    private MongoDatabase database;
    private MongoInstanceStore instances;
    private MongoProfileCache profiles;

    /** The local-server workarounds these tests run with (the production-path subclass turns them off). */
    protected LocalServerWorkarounds workarounds() {
        return LocalServerWorkarounds.ON;
    }

    @BeforeEach
    void freshDatabase() {
        database = MongoTestClient.database("journey-unit-of-work-test" + (workarounds().enabled() ? "" : "-off"));
        database.drop();
        instances = new MongoInstanceStore(database, workarounds());
        profiles = new MongoProfileCache(database, workarounds());
    }

    @Test
    void anInsertedInstanceIsListedInItsProfileDocumentWhichKeepsTheSnapshot() {
        UnitOfWork unit = UnitOfWork.immediate(instances, profiles);
        unit.saveSnapshot("p-1", snapshot("ana@example.com"), T0);
        assertThat(unit.insert(instance("ji-a", "j-1", "p-1", T0), List.of(message("jr-a", "p-1")))).isTrue();
        assertThat(unit.insert(instance("ji-a", "j-1", "p-1", T0), List.of())).as("same id again").isFalse();

        Map<String, InstanceRef> listed = profiles.load(List.of("p-1")).get("p-1").live();
        assertThat(listed).containsOnlyKeys("ji-a");
        assertThat(listed.get("ji-a")).isEqualTo(new InstanceRef("ji-a", "j-1", T0));
        assertThat(profiles.find("p-1")).get().extracting(s -> s.identifiers().get("email").get(0))
                .isEqualTo("ana@example.com");
        // A later snapshot must not drop the listing (the document is updated, never replaced).
        profiles.save("p-1", snapshot("ana@new.example.com"), T0.plusSeconds(1));
        assertThat(profiles.load(List.of("p-1")).get("p-1").live()).containsOnlyKeys("ji-a");
        assertThat(profiles.save("p-1", snapshot("old@example.com"), T0)).as("an older snapshot is not kept")
                .extracting(s -> s.identifiers().get("email").get(0)).isEqualTo("ana@new.example.com");
    }

    @Test
    void anInstanceNoEventCanChangeIsUnlistedButItsEntryStillCountsForEntryRules() {
        UnitOfWork unit = UnitOfWork.immediate(instances, profiles);
        JourneyInstance done = instance("ji-done", "j-1", "p-1", T0);
        done.status = JourneyInstance.Status.COMPLETED;
        done.goalUntil = T0.plus(Duration.ofDays(1));
        unit.insert(done, List.of());
        unit.insert(instance("ji-live", "j-2", "p-1", T0), List.of());

        assertThat(ids(unit.relevantFor("p-1", T0.plus(Duration.ofHours(1))))).as("goal window open")
                .containsExactlyInAnyOrder("ji-done", "ji-live");
        assertThat(ids(unit.relevantFor("p-1", T0.plus(Duration.ofDays(2))))).containsExactly("ji-live");
        assertThat(profiles.load(List.of("p-1")).get("p-1").live()).as("unlisted").containsOnlyKeys("ji-live");

        UnitOfWork later = UnitOfWork.immediate(instances, profiles);
        assertThat(ids(later.relevantFor("p-1", T0.plus(Duration.ofDays(2))))).containsExactly("ji-live");
        assertThat(later.liveOf("p-1", "j-1")).isEmpty();
        assertThat(later.entry("p-1", "j-1")).as("the entry rules still see it").get()
                .extracting(e -> e.first(), e -> e.last(), e -> e.lastInstanceId()).containsExactly(T0, T0, "ji-done");
        assertThat(later.instancesOf("p-1", true)).as("found by profileId for erasure and merges")
                .extracting(s -> s.instance().id).containsExactlyInAnyOrder("ji-done", "ji-live");
    }

    @Test
    void aDeferredUnitWritesNothingUntilCommitThenOneWritePerInstance() {
        UnitOfWork setup = UnitOfWork.immediate(instances, profiles);
        setup.insert(instance("ji-old", "j-1", "p-1", T0), List.of());

        UnitOfWork unit = UnitOfWork.deferred(instances, profiles);
        unit.prefetch(List.of("p-1", "p-2"));
        JourneyInstance fresh = instance("ji-new", "j-1", "p-2", T0);
        assertThat(unit.insert(fresh, List.of(message("jr-1", "p-2")))).isTrue();
        JourneyInstance next = fresh.copy();
        next.stepId = "second";
        assertThat(unit.update(next, 1, List.of(message("jr-2", "p-2")))).isTrue();
        StoredInstance old = unit.find("ji-old").orElseThrow();
        JourneyInstance oldNext = old.instance().copy();
        oldNext.stepId = "a";
        assertThat(unit.update(oldNext, 1, List.of())).isTrue();
        oldNext = unit.find("ji-old").orElseThrow().instance().copy();
        oldNext.stepId = "b";
        assertThat(unit.update(oldNext, 2, List.of(message("jr-3", "p-1")))).isTrue();
        assertThat(unit.update(oldNext, 2, List.of())).as("the unit sees its own writes").isFalse();

        assertThat(instances.find("ji-new")).as("nothing written before commit").isEmpty();
        assertThat(profiles.load(List.of("p-2"))).isEmpty();
        unit.commit();

        StoredInstance inserted = instances.find("ji-new").orElseThrow();
        assertThat(inserted.instance().stepId).isEqualTo("second");
        assertThat(inserted.instance().revision).isEqualTo(2);
        assertThat(inserted.outbox()).extracting(OutboxMessage::id).containsExactly("jr-1", "jr-2");
        StoredInstance updated = instances.find("ji-old").orElseThrow();
        assertThat(updated.instance().stepId).isEqualTo("b");
        assertThat(updated.instance().revision).isEqualTo(3);
        assertThat(updated.outbox()).extracting(OutboxMessage::id).containsExactly("jr-3");
        assertThat(profiles.load(List.of("p-2")).get("p-2").live()).containsOnlyKeys("ji-new");
    }

    @Test
    void aDeferredCommitRefusesWhenAnInstanceChangedMeanwhile() {
        UnitOfWork.immediate(instances, profiles).insert(instance("ji-1", "j-1", "p-1", T0), List.of());
        UnitOfWork unit = UnitOfWork.deferred(instances, profiles);
        unit.prefetch(List.of("p-1"));
        JourneyInstance mine = unit.find("ji-1").orElseThrow().instance().copy();
        mine.stepId = "mine";
        unit.update(mine, 1, List.of(message("jr-mine", "p-1")));

        JourneyInstance theirs = instances.find("ji-1").orElseThrow().instance().copy();
        theirs.stepId = "theirs";
        assertThat(instances.update(theirs, 1, List.of())).isTrue();

        assertThatThrownBy(unit::commit).isInstanceOf(UnitOfWork.ConcurrentChangeException.class);
        StoredInstance stored = instances.find("ji-1").orElseThrow();
        assertThat(stored.instance().stepId).isEqualTo("theirs");
        assertThat(stored.outbox()).isEmpty();
    }

    @Test
    void aDeferredCommitRefusesAnInstanceInsertedMeanwhile() {
        UnitOfWork unit = UnitOfWork.deferred(instances, profiles);
        unit.prefetch(List.of("p-1"));
        unit.insert(instance("ji-1", "j-1", "p-1", T0), List.of(message("jr-1", "p-1")));
        UnitOfWork.immediate(instances, profiles).insert(instance("ji-1", "j-1", "p-1", T0), List.of());

        assertThatThrownBy(unit::commit).isInstanceOf(UnitOfWork.ConcurrentChangeException.class);
        assertThat(instances.find("ji-1").orElseThrow().outbox()).isEmpty();
    }

    @Test
    void publishedOutboxesAreEmptiedInBulkAndOneThatGrewKeepsItsNewMessage() {
        UnitOfWork unit = UnitOfWork.immediate(instances, profiles);
        unit.insert(instance("ji-1", "j-1", "p-1", T0), List.of(message("jr-1", "p-1")));
        unit.insert(instance("ji-2", "j-1", "p-2", T0), List.of(message("jr-2", "p-2")));
        JourneyInstance grown = instances.find("ji-2").orElseThrow().instance().copy();
        instances.update(grown, 1, List.of(message("jr-2b", "p-2")));

        instances.markPublishedAll(List.of(new Pending("ji-1", 1, List.of(message("jr-1", "p-1"))),
                new Pending("ji-2", 1, List.of(message("jr-2", "p-2")))));

        assertThat(instances.find("ji-1").orElseThrow().outbox()).isEmpty();
        assertThat(instances.find("ji-2").orElseThrow().outbox()).extracting(OutboxMessage::id)
                .containsExactly("jr-2b");
    }

    @Test
    void instancesStoredBeforeProfilesListedThemAreListedOnceAtStartUp() {
        JourneyInstance a = instance("ji-a", "j-1", "p-1", T0);
        JourneyInstance b = instance("ji-b", "j-2", "p-1", T0.plusSeconds(5));
        JourneyInstance c = instance("ji-c", "j-1", "p-2", T0);
        instances.insertAll(List.of(a, b, c));
        profiles.save("p-1", snapshot("ana@example.com"), T0);

        assertThat(ProfileInstanceListing.run(database, profiles)).isEqualTo(3);
        assertThat(profiles.load(List.of("p-1")).get("p-1").live()).containsOnlyKeys("ji-a", "ji-b");
        assertThat(profiles.load(List.of("p-1")).get("p-1").snapshot()).as("snapshot kept").isNotNull();
        assertThat(profiles.load(List.of("p-2")).get("p-2").live().get("ji-c"))
                .isEqualTo(new InstanceRef("ji-c", "j-1", T0));
        assertThat(ProfileInstanceListing.run(database, profiles)).as("runs once").isZero();
        assertThat(database.getCollection("migrations").find(new Document("_id", ProfileInstanceListing.MARKER))
                .first()).isNotNull();
    }

    @Test
    void aProfileKeepsAtMostMaxEntriesEntryRecordsDroppingTheLeastRecentlyEntered() {
        UnitOfWork unit = UnitOfWork.deferred(instances, profiles);
        unit.prefetch(List.of("p-1"));
        for (int n = 0; n <= ProfileCache.MAX_ENTRIES; n++) {
            unit.list("p-1", instance("ji-" + n, "j-" + n, "p-1", T0.plusSeconds(n)));
        }
        unit.commit();

        Map<String, ProfileCache.Entry> entries = profiles.load(List.of("p-1")).get("p-1").entries();
        assertThat(entries).hasSize(ProfileCache.MAX_ENTRIES).doesNotContainKey("j-0")
                .containsKeys("j-1", "j-" + ProfileCache.MAX_ENTRIES);
        assertThat(database.getCollection("profiles").find(new Document("_id", "p-1")).first()
                .get("entries", Document.class)).hasSize(ProfileCache.MAX_ENTRIES);
    }

    @Test
    void aFinishedInstanceLeavesAtMostMaxEntrySendsInItsEntryRecord() {
        JourneyInstance busy = instance("ji-busy", "j-1", "p-1", T0);
        busy.status = JourneyInstance.Status.COMPLETED;
        for (int n = 0; n < 150; n++) {
            busy.sends.add(new JourneyInstance.SendRecord("s", "email", "jr-" + n, T0.plusSeconds(n)));
        }
        UnitOfWork.immediate(instances, profiles).insert(busy, List.of());

        UnitOfWork unit = UnitOfWork.immediate(instances, profiles);
        assertThat(unit.relevantFor("p-1", T0.plus(Duration.ofHours(1)))).isEmpty();
        ProfileCache.Entry entry = profiles.load(List.of("p-1")).get("p-1").entries().get("j-1");
        assertThat(entry.sends()).hasSize(ProfileCache.MAX_ENTRY_SENDS).first().isEqualTo(T0.plusSeconds(50));
        assertThat(entry.sends()).last().isEqualTo(T0.plusSeconds(149));
    }

    private static List<String> ids(List<StoredInstance> stored) {
        return stored.stream().map(s -> s.instance().id).toList();
    }

    /** An active instance at its first step, entered at {@code at} (shared by the MongoDB adapter tests). */
    static JourneyInstance instance(String id, String journeyId, String profileId, Instant at) {
        JourneyInstance i = new JourneyInstance();
        i.id = id;
        i.journeyId = journeyId;
        i.version = 1;
        i.profileId = profileId;
        i.trigger = new JourneyInstance.TriggerEvent("m-" + id, "Product Added to Wishlist", Map.of(), at);
        i.stepId = "first";
        i.enteredAt = at;
        i.updatedAt = at;
        return i;
    }

    private static OutboxMessage message(String id, String key) {
        return new OutboxMessage(id, "notification-requests", key, "{}", Map.of("ce_id", id));
    }

    private static ProfileSnapshot snapshot(String email) {
        return new ProfileSnapshot(Map.of("email", List.of(email)), Map.of(), Map.of(), Map.of(), List.of());
    }
}
