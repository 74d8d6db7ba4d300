package io.omnijourney.profile.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileEventKind;
import io.omnijourney.profile.adapter.mongo.LocalServerWorkarounds;
import io.omnijourney.profile.adapter.mongo.MongoErasureAckLog;
import io.omnijourney.profile.adapter.mongo.MongoErasureRequests;
import io.omnijourney.profile.adapter.mongo.MongoIdentityIndex;
import io.omnijourney.profile.adapter.mongo.MongoProfileStore;
import io.omnijourney.profile.adapter.mongo.MongoSuppressionList;
import io.omnijourney.profile.adapter.mongo.MongoTimelineStore;
import io.omnijourney.profile.adapter.mongo.SuppressionHashes;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.IdentifierType;
import io.omnijourney.profile.domain.ProfileConfig;
import io.omnijourney.testsupport.MongoTestClient;
import io.omnijourney.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Erasure as a durable request, against the wire-protocol MongoDB of the shared test support: recorded before
 * anything else, completed after a failed publication or a crash, answered again with the same id, acknowledged once.
 */
class ErasuresTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration BACKOFF = Duration.ofSeconds(1);

    private String databaseName;
    private MongoDatabase database;
    private MongoProfileStore store;
    private MongoIdentityIndex index;
    private MongoSuppressionList suppressions;
    private MongoErasureRequests requests;
    private ProfileResolver resolver;
    private final ScriptedPublisher publisher = new ScriptedPublisher();
    private final SettableClock clock = new SettableClock(NOW);

    @BeforeEach
    void freshDatabase(TestInfo test) {
        databaseName = "erasures-" + test.getTestMethod().orElseThrow().getName();
        MongoTestClient.dropDatabase(databaseName);
        database = MongoTestClient.database(databaseName);
        LocalServerWorkarounds local = new LocalServerWorkarounds(true);
        store = new MongoProfileStore(database, local);
        index = new MongoIdentityIndex(database, local);
        suppressions = new MongoSuppressionList(database, local,
                new SuppressionHashes("a-test-secret-of-at-least-32-characters", true));
        requests = new MongoErasureRequests(database);
        resolver = new ProfileResolver(store, index, ProfileConfig.defaults());
    }

    @AfterEach
    void dropDatabase() {
        MongoTestClient.dropDatabase(databaseName);
    }

    @Test
    void aFailedPublicationLeavesTheRequestRecordedAndTheRelayPublishesItLater() {
        String profileId = profileOf("user-1", "eva@example.org");
        publisher.failNext(1);

        ErasureStatus first = erasures().request(profileId).orElseThrow();

        assertThat(first.request().purged()).isTrue();
        assertThat(first.request().published()).isFalse();
        assertThat(first.request().publication().attempts()).isEqualTo(1);
        assertThat(first.request().publication().lastError()).contains("broker away");
        assertThat(store.load(profileId)).isEmpty();
        assertThat(suppressions.anySuppressed(List.of(Identifier.of(IdentifierType.EMAIL, "eva@example.org"))))
                .isTrue();
        assertThat(publisher.published).isEmpty();

        // Asked again while the publication is pending: the same request, and it is tried again at once.
        publisher.failNext(1);
        ErasureStatus again = erasures().request(profileId).orElseThrow();
        assertThat(again.request().erasureId()).isEqualTo(first.request().erasureId());
        assertThat(again.request().publication().attempts()).isEqualTo(2);

        // The relay waits out the backoff (two failures: twice the first pause), then publishes.
        assertThat(erasures().completeDue(10)).isEqualTo(1);
        assertThat(publisher.published).isEmpty();
        clock.advance(BACKOFF.multipliedBy(2));
        assertThat(erasures().completeDue(10)).isZero();

        assertThat(publisher.published).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(ProfileEventKind.PROFILE_ERASED);
            assertThat(event.profileId()).isEqualTo(profileId);
            assertThat(event.erasure().erasureId()).isEqualTo(first.request().erasureId());
        });
        ErasureRequest done = requests.byId(first.request().erasureId()).orElseThrow();
        assertThat(done.published()).isTrue();
        assertThat(requests.unfinished(10)).isEmpty();

        // Once gone, the id still answers with its request, and nothing is published again.
        assertThat(erasures().request(profileId).orElseThrow().request().erasureId())
                .isEqualTo(first.request().erasureId());
        assertThat(publisher.published).hasSize(1);
    }

    @Test
    void aRequestRecordedBeforeACrashIsPurgedAndPublishedAfterTheRestart() {
        String profileId = profileOf("user-2", "rui@example.org");
        // The crashed instance got as far as recording the request.
        ErasureRequest recorded = requests.recordIfAbsent(ErasureRequest.of(profileId, List.of(profileId), NOW));
        requests.addSubjects(recorded.erasureId(), List.of(profileId));
        assertThat(store.load(profileId)).isPresent();

        Erasures restarted = erasures();
        assertThat(restarted.completeDue(10)).isZero();

        assertThat(store.load(profileId)).isEmpty();
        assertThat(index.owner(Identifier.of(IdentifierType.USER_ID, "user-2"))).isEmpty();
        assertThat(publisher.published).extracting(e -> e.erasure().erasureId()).containsExactly(recorded.erasureId());
        ErasureRequest done = requests.byId(recorded.erasureId()).orElseThrow();
        assertThat(done.purge().identifiers()).isEqualTo(2);
        assertThat(done.published()).isTrue();
    }

    @Test
    void aProfileMergedIntoTheErasedOneAnswersTheSameErasure() {
        resolver.apply(Touchpoints.page().anonymousId("anon-3").atMinute(0).build());
        resolver.apply(Touchpoints.identify().userId("user-3").email("ana@example.org").atMinute(1)
                .receivedAtMinute(1).build());
        resolver.apply(Touchpoints.identify().anonymousId("anon-3").email("ana@example.org").atMinute(2)
                .receivedAtMinute(2).build());
        String survivor = new ProfileQueries(store, index, new MongoTimelineStore(database))
                .byIdentifier(Identifier.of(IdentifierType.ANONYMOUS_ID, "anon-3")).orElseThrow().id();
        String loser = store.load(survivor).orElseThrow().profile().merges().get(0).fromProfileId();
        assertThat(loser).isNotEqualTo(survivor);

        ErasureStatus byLoser = erasures().request(loser).orElseThrow();
        ErasureStatus bySurvivor = erasures().request(survivor).orElseThrow();

        assertThat(bySurvivor.request().erasureId()).isEqualTo(byLoser.request().erasureId());
        assertThat(byLoser.request().profileId()).isEqualTo(survivor);
        assertThat(byLoser.request().profileIds()).containsExactlyInAnyOrder(survivor, loser);
        assertThat(publisher.published).extracting(ProfileEvent::profileId).containsExactlyInAnyOrder(survivor, loser);
        assertThat(erasures().request("never-existed")).isEmpty();
    }

    @Test
    void acknowledgementsAreRecordedOnceAndCompleteEachService() {
        String profileId = profileOf("user-4", "ines@example.org");
        Erasures erasures = erasures();
        String erasureId = erasures.request(profileId).orElseThrow().request().erasureId();
        assertThat(completion(erasures.status(erasureId).orElseThrow()))
                .containsExactly("profile-service:done", "journey-service:pending", "notification-service:pending");

        Instant journeyDone = NOW.plusSeconds(5);
        assertThat(erasures.acknowledge(ErasureAck.of(erasureId, profileId, "journey-service", journeyDone)))
                .isEqualTo(Erasures.AckResult.RECORDED);
        assertThat(erasures.acknowledge(ErasureAck.of(erasureId, profileId, "journey-service", NOW.plusSeconds(9))))
                .isEqualTo(Erasures.AckResult.DUPLICATE);
        assertThat(erasures.acknowledge(ErasureAck.of("er-unknown", profileId, "journey-service", NOW)))
                .isEqualTo(Erasures.AckResult.UNKNOWN_ERASURE);
        assertThat(erasures.acknowledge(ErasureAck.of(erasureId, "someone-else", "journey-service", NOW)))
                .isEqualTo(Erasures.AckResult.UNKNOWN_PROFILE);
        assertThat(erasures.acknowledge(ErasureAck.of(erasureId, profileId, "billing", NOW)))
                .isEqualTo(Erasures.AckResult.UNKNOWN_SERVICE);

        ErasureStatus partly = erasures.status(erasureId).orElseThrow();
        assertThat(completion(partly))
                .containsExactly("profile-service:done", "journey-service:done", "notification-service:pending");
        assertThat(partly.services().get(1).completedAt()).isEqualTo(journeyDone);
        assertThat(partly.done()).isFalse();

        erasures.acknowledge(ErasureAck.of(erasureId, profileId, "notification-service", NOW.plusSeconds(7)));
        assertThat(erasures.status(erasureId).orElseThrow().done()).isTrue();
    }

    private static List<String> completion(ErasureStatus status) {
        return status.services().stream().map(s -> s.service() + ":" + (s.done() ? "done" : "pending")).toList();
    }

    private Erasures erasures() {
        ErasureService purges = new ErasureService(store, index, new MongoTimelineStore(database), suppressions);
        return new Erasures(requests, new MongoErasureAckLog(database), purges,
                new ProfileQueries(store, index, new MongoTimelineStore(database)), publisher, clock,
                new Erasures.Settings(List.of("journey-service", "notification-service"), BACKOFF,
                        Duration.ofMinutes(1)));
    }

    private String profileOf(String userId, String email) {
        Outcome outcome = resolver.apply(Touchpoints.identify().userId(userId).email(email).atMinute(0).build());
        return ((Outcome.Applied) outcome).profileId();
    }

    /** A broker that is away for the next n publications. */
    private static final class ScriptedPublisher implements ProfileEventPublisher {
        private int failures;
        final List<ProfileEvent> published = new ArrayList<>();

        void failNext(int n) {
            failures = n;
        }

        @Override
        public void publishAll(List<Publication> publications) {
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("broker away");
            }
            publications.forEach(p -> published.add(((Publication.Decided) p).event()));
        }
    }

}
