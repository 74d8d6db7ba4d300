package io.omnijourney.profile.app;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.profile.adapter.mongo.MongoIdentityIndex;
import io.omnijourney.profile.adapter.mongo.LocalServerWorkarounds;
import io.omnijourney.profile.adapter.mongo.MongoProfileStore;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.IdentifierType;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.ProfileConfig;
import io.omnijourney.profile.domain.ProfileIds;
import io.omnijourney.testsupport.MongoTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The resolver against the wire-protocol MongoDB of the shared test support, one database per test. */
class ProfileResolverTest {

    /** On, as the local server needs; {@link ProfileResolverProductionPathTest} runs the same tests with them off. */
    protected boolean localServerWorkarounds() {
        return true;
    }

    private final List<String> databases = new ArrayList<>();
    private MongoDatabase database;
    private MongoProfileStore store;
    private MongoIdentityIndex index;
    private ProfileResolver resolver;

    @BeforeEach
    void freshDatabase(TestInfo test) {
        useDatabase("resolver-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void dropDatabases() {
        databases.forEach(MongoTestClient::dropDatabase);
    }

    @Test
    void anonymousEventsThenIdentifyMakeOneProfileWithAllIdentifiers() {
        apply(Touchpoints.page().anonymousId("anon-1").atMinute(0));
        apply(Touchpoints.track("Product Viewed").anonymousId("anon-1").atMinute(1));
        Outcome identified = apply(Touchpoints.identify().anonymousId("anon-1").userId("user-1")
                .email("Ada@Example.org").atMinute(2));

        Profile profile = ownerOf(IdentifierType.USER_ID, "user-1");
        assertThat(liveProfiles()).hasSize(1);
        assertThat(summary(identified)).isEqualTo(List.of(profile.id(), false, List.of()));
        assertThat(profile.identifierList()).containsExactlyInAnyOrder(
                Identifier.of(IdentifierType.USER_ID, "user-1"),
                Identifier.of(IdentifierType.ANONYMOUS_ID, "anon-1"),
                Identifier.of(IdentifierType.EMAIL, "ada@example.org"));
        assertThat(ownerOf(IdentifierType.EMAIL, "ada@example.org").id()).isEqualTo(profile.id());
        assertThat(profile.eventCount("page")).isEqualTo(1);
        assertThat(profile.eventCount("Product Viewed")).isEqualTo(1);
        assertThat(profile.eventCount("identify")).isEqualTo(1);
    }

    @Test
    void anEventKeyedOnlyByEmailReachesTheProfileWithThatEmail() {
        apply(Touchpoints.identify().userId("user-1").email("ada@example.org").atMinute(0));
        apply(Touchpoints.page().anonymousId("anon-9").atMinute(1));

        Outcome outcome = apply(Touchpoints.identify().anonymousId("anon-9").email("ada@example.org").atMinute(2));
        Outcome emailOnly = apply(Touchpoints.track("Email Opened").email("ada@example.org").atMinute(3));

        Profile owner = ownerOf(IdentifierType.EMAIL, "ada@example.org");
        assertThat(owner.identifierValues(IdentifierType.USER_ID)).containsExactly("user-1");
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Applied.class,
                applied -> assertThat(applied.mergedAway()).hasSize(1));
        assertThat(summary(emailOnly)).isEqualTo(List.of(owner.id(), false, List.of()));
        assertThat(ownerOf(IdentifierType.ANONYMOUS_ID, "anon-9").id()).isEqualTo(owner.id());
        assertThat(liveProfiles()).hasSize(1);
        assertThat(owner.eventCount("page")).isEqualTo(1);
        assertThat(owner.eventCount("Email Opened")).isEqualTo(1);
    }

    @Test
    void linkingTwoProfilesKeepsTheOlderAndRedirectsTheOther() {
        apply(Touchpoints.page().anonymousId("anon-1").atMinute(0));
        apply(Touchpoints.page().userId("user-1").atMinute(5));
        String older = ownerOf(IdentifierType.ANONYMOUS_ID, "anon-1").id();
        String younger = ownerOf(IdentifierType.USER_ID, "user-1").id();

        Outcome outcome = apply(Touchpoints.identify().userId("user-1").anonymousId("anon-1").atMinute(6));

        assertThat(summary(outcome)).isEqualTo(List.of(older, false, List.of(younger)));
        assertThat(store.load(younger).orElseThrow().profile().mergedInto()).isEqualTo(older);
        Profile survivor = ownerOf(IdentifierType.USER_ID, "user-1");
        assertThat(survivor.id()).isEqualTo(older);
        assertThat(survivor.hasAbsorbed(younger)).isTrue();
        assertThat(survivor.eventCount("page")).isEqualTo(2);
        assertThat(index.owner(Identifier.of(IdentifierType.USER_ID, "user-1")).orElseThrow().profileId())
                .isEqualTo(older);
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        TouchpointEvent order = Touchpoints.track("Order Completed").userId("user-1").property("revenue", 12.5)
                .atMinute(1).build();
        Outcome first = resolver.apply(order);
        StoredProfile before = store.load(((Outcome.Applied) first).profileId()).orElseThrow();

        Outcome again = resolver.apply(order);

        StoredProfile after = store.load(before.id()).orElseThrow();
        assertThat(summary(again)).isEqualTo(List.of(before.id(), true, List.of()));
        assertThat(after).isEqualTo(before);
        assertThat(after.profile().eventCount("Order Completed")).isEqualTo(1);
        assertThat(after.profile().computed().orderCount()).isEqualTo(1);
    }

    @Test
    void aLateOlderTraitDoesNotWin() {
        apply(Touchpoints.identify().userId("user-1").trait("plan", "gold").atMinute(10));
        apply(Touchpoints.identify().userId("user-1").trait("plan", "silver").atMinute(5));

        assertThat(ownerOf(IdentifierType.USER_ID, "user-1").trait("plan")).contains("gold");
    }

    @Test
    void anEventWithoutUsableIdentifiersIsUnattributable() {
        Outcome outcome = apply(Touchpoints.track("Clicked").anonymousId("undefined"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Unattributable.class,
                u -> assertThat(u.refusals()).isNotEmpty());
        assertThat(liveProfiles()).isEmpty();
    }

    @Test
    void theNextEventCompletesAMergeInterruptedAfterTheRedirectMark() {
        apply(Touchpoints.track("Viewed").anonymousId("anon-1").atMinute(0));
        apply(Touchpoints.track("Viewed").userId("user-1").atMinute(5));
        StoredProfile older = store.load(ownerOf(IdentifierType.ANONYMOUS_ID, "anon-1").id()).orElseThrow();
        StoredProfile younger = store.load(ownerOf(IdentifierType.USER_ID, "user-1").id()).orElseThrow();
        // the crash: only the first write of the merge happened
        assertThat(store.replace(younger.with(younger.profile().markMergedInto(older.id())))).isPresent();

        Outcome outcome = apply(Touchpoints.track("Viewed").userId("user-1").atMinute(7));

        Profile survivor = store.load(older.id()).orElseThrow().profile();
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Applied.class,
                applied -> assertThat(applied.profileId()).isEqualTo(older.id()));
        assertThat(survivor.hasAbsorbed(younger.id())).isTrue();
        assertThat(survivor.identifierValues(IdentifierType.USER_ID)).containsExactly("user-1");
        assertThat(survivor.eventCount("Viewed")).isEqualTo(3);
        assertThat(index.owner(Identifier.of(IdentifierType.USER_ID, "user-1")).orElseThrow().profileId())
                .isEqualTo(older.id());
        assertThat(liveProfiles()).hasSize(1);
    }

    @Test
    void aClaimLeftByACrashBeforeItsProfileWriteDoesNotBlockOthers() {
        apply(Touchpoints.page().anonymousId("anon-1").atMinute(0));
        StoredProfile crashed = store.load(ownerOf(IdentifierType.ANONYMOUS_ID, "anon-1").id()).orElseThrow();
        Identifier email = Identifier.of(IdentifierType.EMAIL, "ada@example.org");
        index.claim(email, new IndexEntry(crashed.id(), crashed.version() + 1));

        Outcome outcome = apply(Touchpoints.identify().userId("user-2").email("ada@example.org").atMinute(1));

        Profile taker = ownerOf(IdentifierType.USER_ID, "user-2");
        assertThat(taker.id()).isNotEqualTo(crashed.id());
        assertThat(summary(outcome)).isEqualTo(List.of(taker.id(), false, List.of()));
        assertThat(taker.has(email)).isTrue();
        assertThat(ownerOf(IdentifierType.EMAIL, "ada@example.org").id()).isEqualTo(taker.id());
        assertThat(store.load(crashed.id()).orElseThrow().profile().has(email)).isFalse();
    }

    @Test
    void theRedeliveryOfAnEventThatCrashedBeforeCreatingItsProfileCreatesIt() {
        TouchpointEvent first = Touchpoints.page().anonymousId("anon-1").atMinute(0).build();
        String planned = ProfileIds.forNewProfile(first.messageId());
        index.claim(Identifier.of(IdentifierType.ANONYMOUS_ID, "anon-1"), new IndexEntry(planned, 0));

        Outcome outcome = resolver.apply(first);

        assertThat(summary(outcome)).isEqualTo(List.of(planned, false, List.of()));
        assertThat(ownerOf(IdentifierType.ANONYMOUS_ID, "anon-1").eventCount("page")).isEqualTo(1);
    }

    @Test
    void twoWritersOnTheSamePersonConvergeOnOneProfile() throws Exception {
        long conflicts = 0;
        for (int round = 0; round < 3; round++) {
            useDatabase("resolver-concurrent-" + round);
            int perStream = 150;
            List<TouchpointEvent> anonymous = new ArrayList<>();
            List<TouchpointEvent> known = new ArrayList<>();
            for (int i = 0; i < perStream; i++) {
                anonymous.add(Touchpoints.track("Viewed").anonymousId("anon-r" + round).atMinute(2L * i).build());
                known.add(Touchpoints.track("Clicked").userId("user-r" + round).atMinute(2L * i + 1).build());
                if (i == perStream / 2) {
                    known.add(Touchpoints.identify().userId("user-r" + round).anonymousId("anon-r" + round)
                            .atMinute(2L * i + 1).build());
                }
            }
            int distinct = anonymous.size() + known.size();

            runTogether(withRedeliveries(anonymous), withRedeliveries(known));

            List<Profile> live = liveProfiles();
            assertThat(live).hasSize(1);
            Profile person = live.get(0);
            assertThat(ownerOf(IdentifierType.ANONYMOUS_ID, "anon-r" + round).id()).isEqualTo(person.id());
            assertThat(ownerOf(IdentifierType.USER_ID, "user-r" + round).id()).isEqualTo(person.id());
            assertThat(person.eventCounters().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(distinct);
            assertThat(person.eventCount("Viewed")).isEqualTo(perStream);
            assertThat(person.eventCount("Clicked")).isEqualTo(perStream);
            conflicts += resolver.conflicts();
        }
        assertThat(conflicts).as("the writers did race").isPositive();
    }

    /** Every tenth event arrives twice, as after a consumer restart. */
    private static List<TouchpointEvent> withRedeliveries(List<TouchpointEvent> events) {
        List<TouchpointEvent> delivered = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            delivered.add(events.get(i));
            if (i % 10 == 9) {
                delivered.add(events.get(i - 3));
            }
        }
        return delivered;
    }

    private void runTogether(List<TouchpointEvent> first, List<TouchpointEvent> second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<TouchpointEvent> stream : List.of(first, second)) {
                Callable<Void> writer = () -> {
                    start.await();
                    stream.forEach(resolver::apply);
                    return null;
                };
                done.add(pool.submit(writer));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void useDatabase(String name) {
        MongoTestClient.dropDatabase(name);
        databases.add(name);
        database = MongoTestClient.database(name);
        store = new MongoProfileStore(database, new LocalServerWorkarounds(localServerWorkarounds()));
        index = new MongoIdentityIndex(database, new LocalServerWorkarounds(localServerWorkarounds()));
        resolver = new ProfileResolver(store, index, ProfileConfig.defaults());
    }

    private Outcome apply(Touchpoints event) {
        return resolver.apply(event.build());
    }

    /** Follows the index and then the redirects, as a reader would. */
    private Profile ownerOf(String type, String value) {
        String id = index.owner(Identifier.of(type, value)).orElseThrow().profileId();
        Profile profile = store.load(id).orElseThrow().profile();
        while (profile.isMerged()) {
            profile = store.load(profile.mergedInto()).orElseThrow().profile();
        }
        return profile;
    }

    private List<Profile> liveProfiles() {
        List<Profile> live = new ArrayList<>();
        database.getCollection(MongoProfileStore.COLLECTION).find(Filters.eq("mergedInto", null))
                .map(d -> store.load(d.getString("_id")))
                .forEach((Optional<StoredProfile> p) -> p.ifPresent(s -> live.add(s.profile())));
        return live;
    }

    /** What an outcome says, without the stored state it carries. */
    private static List<Object> summary(Outcome outcome) {
        Outcome.Applied applied = (Outcome.Applied) outcome;
        assertThat(applied.state().id()).isEqualTo(applied.profileId());
        return List.of(applied.profileId(), applied.duplicate(), applied.mergedAway());
    }
}
