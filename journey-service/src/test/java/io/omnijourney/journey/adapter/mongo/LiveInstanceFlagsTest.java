package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.omnijourney.journey.app.OutboxMessage;
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
 * Live instances on the real-MongoDB path (local-server workarounds off) against the wire-protocol server: flagged
 * on the instance by its insert, unflagged when unlisted, found by one query per poll, never listed in the profile
 * document; and the one-time pass that moves data listed by the local-server path to flags.
 */
class LiveInstanceFlagsTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    private MongoDatabase database;
    private MongoCollection<Document> instanceDocs;
    private MongoCollection<Document> profileDocs;

    @BeforeEach
    void freshDatabase() {
        database = MongoTestClient.database("journey-live-instance-flags-test");
        database.drop();
        instanceDocs = database.getCollection("instances");
        profileDocs = database.getCollection("profiles");
    }

    @Test
    void anInstanceIsFlaggedByItsInsertAndUnflaggedWhenNoEventCanChangeItAndTheDocumentListsNothing() {
        MongoInstanceStore instances = new MongoInstanceStore(database, LocalServerWorkarounds.OFF);
        MongoProfileCache profiles = new MongoProfileCache(database, LocalServerWorkarounds.OFF);
        JourneyInstance done = UnitOfWorkTest.instance("ji-done", "j-1", "p-1", T0);
        done.status = JourneyInstance.Status.COMPLETED;
        done.goalUntil = T0.plus(Duration.ofDays(1));
        UnitOfWork.immediate(instances, profiles).insert(done, List.of());
        UnitOfWork.immediate(instances, profiles).insert(UnitOfWorkTest.instance("ji-live", "j-2", "p-1", T0),
                List.of());
        UnitOfWork.immediate(instances, profiles).insert(UnitOfWorkTest.instance("ji-other", "j-2", "p-2", T0),
                List.of());

        assertThat(profiles.load(List.of("p-1", "p-2", "p-none"))).as("one query for the poll's profiles")
                .containsOnlyKeys("p-1", "p-2").satisfies(found -> {
                    assertThat(found.get("p-1").live()).containsOnlyKeys("ji-done", "ji-live");
                    assertThat(found.get("p-2").live()).containsOnlyKeys("ji-other");
                });
        assertThat(profileDocs.find(new Document("_id", "p-1")).first()).as("entry records only")
                .containsKey("entries").doesNotContainKey("live");

        UnitOfWork later = UnitOfWork.immediate(instances, profiles);
        assertThat(later.relevantFor("p-1", T0.plus(Duration.ofDays(2)))).extracting(s -> s.instance().id)
                .containsExactly("ji-live");
        assertThat(instanceDocs.find(new Document("_id", "ji-done")).first()).doesNotContainKey("live");
        assertThat(profiles.load(List.of("p-1")).get("p-1").live()).containsOnlyKeys("ji-live");
        assertThat(UnitOfWork.immediate(instances, profiles).entry("p-1", "j-1")).as("its entry record stays")
                .isPresent();

        instances.scrub("ji-other");
        assertThat(instanceDocs.find(new Document("_id", "ji-other")).first()).as("erased: out of the live index")
                .doesNotContainKey("live");
    }

    @Test
    void thePassFlagsWhatTheLocalServerPathListedOnceAndClearsTheListings() {
        // Written with the workarounds on: listed in the profile documents, no flags.
        MongoInstanceStore onInstances = new MongoInstanceStore(database, LocalServerWorkarounds.ON);
        MongoProfileCache onProfiles = new MongoProfileCache(database, LocalServerWorkarounds.ON);
        UnitOfWork.immediate(onInstances, onProfiles).insert(UnitOfWorkTest.instance("ji-active", "j-1", "p-1", T0),
                List.of());
        JourneyInstance owing = UnitOfWorkTest.instance("ji-owing", "j-2", "p-1", T0);
        owing.status = JourneyInstance.Status.COMPLETED;
        UnitOfWork.immediate(onInstances, onProfiles).insert(owing, List.of(new OutboxMessage("jr-1",
                "notification-requests", "p-1", "{}", Map.of())));
        JourneyInstance finished = UnitOfWorkTest.instance("ji-finished", "j-3", "p-1", T0);
        finished.status = JourneyInstance.Status.COMPLETED;
        UnitOfWork.immediate(onInstances, onProfiles).insert(finished, List.of());
        assertThat(profileDocs.find(new Document("_id", "p-1")).first().get("live", Document.class)).hasSize(3);

        MongoProfileCache profiles = new MongoProfileCache(database, LocalServerWorkarounds.OFF);
        new MongoInstanceStore(database, LocalServerWorkarounds.OFF);
        assertThat(profiles.load(List.of("p-1")).get("p-1").live()).as("before the pass: no flags").isEmpty();

        assertThat(LiveInstanceFlags.run(database)).isEqualTo(2);
        assertThat(profiles.load(List.of("p-1")).get("p-1").live()).containsOnlyKeys("ji-active", "ji-owing");
        assertThat(profileDocs.find(new Document("_id", "p-1")).first()).doesNotContainKey("live")
                .containsKey("entries");
        assertThat(LiveInstanceFlags.run(database)).as("runs once").isZero();
        assertThat(database.getCollection("migrations").find(new Document("_id", LiveInstanceFlags.MARKER)).first())
                .isNotNull();
    }
}
