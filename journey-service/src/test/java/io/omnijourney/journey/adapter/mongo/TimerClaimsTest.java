package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSocketReadException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import io.omnijourney.journey.app.OutboxMessage;
import io.omnijourney.journey.app.StoredInstance;
import io.omnijourney.journey.app.UnitOfWork;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.testsupport.LostWriteAnswers;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timer claims whose answer is lost, against the wire-protocol MongoDB: the claim lands, the driver throws a
 * retryable network error ({@link LostWriteAnswers}), and the scheduler's next round (its retry) gets the timer at once
 * instead of after the lease, exactly once, and fires it once.
 */
class TimerClaimsTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final Instant DUE = T0.plus(Duration.ofHours(1));
    static final Instant LATER = DUE.plusSeconds(1);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private MongoDatabase database;
    LostWriteAnswers lostClaims;
    private LostWriteAnswers lostHintWrites;
    MongoInstanceStore instances;
    MongoInstanceStore otherService;
    MongoProfileCache profiles;

    /** The local-server workarounds these tests run with (the production-path subclass turns them off). */
    protected LocalServerWorkarounds workarounds() {
        return LocalServerWorkarounds.ON;
    }

    @BeforeEach
    void freshDatabase() {
        database = MongoTestClient.database("journey-timer-claims-test" + (workarounds().enabled() ? "" : "-off"));
        database.drop();
        lostClaims = new LostWriteAnswers("instances", "findOneAndUpdate");
        lostHintWrites = new LostWriteAnswers("hints", "bulkWrite");
        instances = new MongoInstanceStore(lostHintWrites.wrap(lostClaims.wrap(database)), workarounds());
        otherService = new MongoInstanceStore(database, workarounds());
        profiles = new MongoProfileCache(database, workarounds());
    }

    @Test
    void aClaimWhoseAnswerWasLostIsClaimedAgainByTheRetryBeforeItsLeaseEndsAndFiresOnce() {
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-1"), List.of());
        lostClaims.armOnce();
        assertThatThrownBy(() -> claim(instances, LATER, "a")).isInstanceOf(MongoSocketReadException.class);
        assertThat(lostClaims.lost()).as("the claim landed").isEqualTo(1);
        assertThat(claim(otherService, LATER, "b")).as("another service sees it leased").isEmpty();

        List<StoredInstance> retried = claim(instances, LATER.plusSeconds(1), "a");
        assertThat(retried).extracting(s -> s.instance().id).containsExactly("ji-1");
        assertThat(claim(instances, LATER.plusSeconds(2), "a")).as("claimed once").isEmpty();

        StoredInstance claimed = retried.get(0);
        UnitOfWork firing = UnitOfWork.immediate(instances, profiles);
        firing.seed(claimed);
        assertThat(firing.update(ended(claimed.instance()), claimed.instance().revision, List.of(message("jr-1"))))
                .isTrue();
        instances.settle();
        assertThat(claim(otherService, LATER.plus(LEASE).plusSeconds(5), "b")).as("after the lease").isEmpty();
        assertThat(claim(instances, LATER.plus(LEASE).plusSeconds(5), "a")).isEmpty();
        StoredInstance fired = instances.find("ji-1").orElseThrow();
        assertThat(fired.instance().status).isEqualTo(JourneyInstance.Status.COMPLETED);
        assertThat(fired.outbox()).extracting(OutboxMessage::id).containsExactly("jr-1");
    }

    @Test
    void aRoundThatFailsAfterItsClaimsLandedHandsThemAllToTheNextRound() {
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-1"), List.of());
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-2"), List.of());
        lostHintWrites.armOnce();
        assertThatThrownBy(() -> claim(instances, LATER, "a")).isInstanceOf(MongoSocketReadException.class);

        assertThat(claim(instances, LATER.plusSeconds(1), "a")).extracting(s -> s.instance().id)
                .containsExactlyInAnyOrder("ji-1", "ji-2");
        assertThat(claim(otherService, LATER.plusSeconds(1), "b")).isEmpty();
    }

    @Test
    void aLostClaimThatAnotherServiceTookOverAfterTheLeaseIsNotClaimedAgain() {
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-1"), List.of());
        lostClaims.armOnce();
        assertThatThrownBy(() -> claim(instances, LATER, "a")).isInstanceOf(MongoSocketReadException.class);

        Instant afterLease = LATER.plus(LEASE).plusSeconds(1);
        assertThat(claim(otherService, afterLease, "b")).extracting(s -> s.instance().id).containsExactly("ji-1");
        assertThat(claim(instances, afterLease, "a")).as("held by the other service").isEmpty();
    }

    @Test
    void aLostClaimThatNeverLandedWhileAnotherServiceClaimedFromTheSameRevisionIsNotClaimedAgain() {
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-1"), List.of());
        lostClaims.armOnce();
        assertThatThrownBy(() -> claim(instances, LATER, "a")).isInstanceOf(MongoSocketReadException.class);
        // As if the lost write had never reached the server: the instance as it was before it.
        database.getCollection("instances").updateOne(new Document("_id", "ji-1"), Updates.combine(
                Updates.set("revision", 1L), Updates.set("leaseOwner", null),
                Updates.set("leaseUntil", InstanceDocuments.NO_LEASE), Updates.unset(TimerClaims.TOKEN)));

        List<StoredInstance> taken = claim(otherService, LATER, "b");
        assertThat(taken).extracting(s -> s.instance().revision).as("the revision the lost claim would have made")
                .containsExactly(2L);
        assertThat(claim(instances, LATER.plusSeconds(1), "a")).as("b's claim, not a's").isEmpty();
    }

    static List<StoredInstance> claim(MongoInstanceStore store, Instant now, String owner) {
        return store.claimDueBatch(now, owner, now.plus(LEASE), 10);
    }

    static JourneyInstance waiting(String id) {
        JourneyInstance i = new JourneyInstance();
        i.id = id;
        i.journeyId = "j-1";
        i.version = 1;
        i.profileId = "p-" + id;
        i.trigger = new JourneyInstance.TriggerEvent("m-" + id, "Timer", Map.of(), T0);
        i.stepId = "wait";
        i.waitKind = JourneyInstance.WaitKind.TIMER;
        i.dueAt = DUE;
        i.enteredAt = T0;
        i.updatedAt = T0;
        return i;
    }

    private static JourneyInstance ended(JourneyInstance from) {
        JourneyInstance i = from.copy();
        i.status = JourneyInstance.Status.COMPLETED;
        i.waitKind = JourneyInstance.WaitKind.NONE;
        i.dueAt = null;
        i.endedAt = LATER;
        i.updatedAt = LATER;
        return i;
    }

    private static OutboxMessage message(String id) {
        return new OutboxMessage(id, "notification-requests", "p-1", "{}", Map.of("ce_id", id));
    }
}
