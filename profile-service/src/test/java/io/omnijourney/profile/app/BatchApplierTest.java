package io.omnijourney.profile.app;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.omnijourney.testsupport.MongoTestClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batch path against the wire-protocol MongoDB: same results as the resolver alone, and the same races won. */
class BatchApplierTest {

    /** On, as the local server needs; {@link BatchApplierProductionPathTest} runs the same tests with them off. */
    protected boolean localServerWorkarounds() {
        return true;
    }

    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        databases.forEach(MongoTestClient::dropDatabase);
    }

    @Test
    void batchesEndWhereTheResolverAloneEnds() {
        List<TouchpointEvent> stream = mixedStream(40, new Random(7));
        World alone = world("batch-alone");
        World batched = world("batch-batched");

        List<List<Object>> aloneOutcomes = stream.stream().map(e -> summary(alone.resolver.apply(e))).toList();
        List<List<Object>> batchedOutcomes = new ArrayList<>();
        for (int i = 0; i < stream.size(); i += 37) {
            batched.batches.apply(stream.subList(i, Math.min(stream.size(), i + 37)))
                    .forEach(o -> batchedOutcomes.add(summary(o)));
        }

        assertThat(batchedOutcomes).isEqualTo(aloneOutcomes);
        assertThat(batched.liveProfiles()).isEqualTo(alone.liveProfiles()).hasSizeGreaterThan(30);
        assertThat(aloneOutcomes).as("the stream exercises merges and duplicates")
                .anyMatch(o -> !((List<?>) o.get(2)).isEmpty()).anyMatch(o -> Boolean.TRUE.equals(o.get(1)));
    }

    @Test
    void aProfileWhoseWriteLostARaceIsReplayedThroughTheResolver() {
        World world = world("batch-race");
        world.resolver.apply(Touchpoints.identify().userId("u-1").email("ana@example.com").atMinute(0).build());
        TouchpointEvent concurrent = Touchpoints.track("Clicked").userId("u-1").atMinute(1).build();
        AtomicBoolean raced = new AtomicBoolean();
        ProfileResolver rival = new ProfileResolver(world.store, world.index, ProfileConfig.defaults());
        ProfileStore racing = new DelegatingStore(world.store) {
            @Override
            public Set<String> writeAll(List<StoredProfile> inserts, List<StoredProfile> replaces) {
                if (raced.compareAndSet(false, true)) {
                    rival.apply(concurrent);
                }
                return super.writeAll(inserts, replaces);
            }
        };
        ProfileResolver resolver = new ProfileResolver(racing, world.index, ProfileConfig.defaults());
        BatchApplier batches = new BatchApplier(racing, world.index, ProfileConfig.defaults(), Segmentation.none(),
                resolver);

        List<Outcome> outcomes = batches.apply(List.of(
                Touchpoints.track("Viewed").userId("u-1").atMinute(2).build(),
                Touchpoints.track("Viewed").email("ana@example.com").atMinute(3).build(),
                Touchpoints.identify().userId("u-2").atMinute(4).build()));

        assertThat(raced).isTrue();
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Applied.class));
        Profile ana = world.ownerOf(IdentifierType.USER_ID, "u-1");
        assertThat(ana.eventCount("Viewed")).isEqualTo(2);
        assertThat(ana.eventCount("Clicked")).as("the rival's write survives").isEqualTo(1);
        assertThat(world.ownerOf(IdentifierType.USER_ID, "u-2").id()).isNotEqualTo(ana.id());
    }

    @Test
    void twoBatchingConsumersOnTheSamePersonConvergeOnOneProfile() throws Exception {
        World world = world("batch-concurrent");
        List<TouchpointEvent> anonymous = new ArrayList<>();
        List<TouchpointEvent> known = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            anonymous.add(Touchpoints.track("Viewed").anonymousId("anon-c").atMinute(2L * i).build());
            known.add(Touchpoints.track("Clicked").userId("user-c").atMinute(2L * i + 1).build());
            if (i == 100) {
                known.add(Touchpoints.identify().userId("user-c").anonymousId("anon-c").atMinute(2L * i + 1).build());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<TouchpointEvent> stream : List.of(anonymous, known)) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < stream.size(); i += 10) {
                        world.batches.apply(stream.subList(i, Math.min(stream.size(), i + 10)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Profile> live = world.liveProfilesById();
        assertThat(live).hasSize(1);
        Profile person = live.values().iterator().next();
        assertThat(person.eventCount("Viewed")).isEqualTo(200);
        assertThat(person.eventCount("Clicked")).isEqualTo(200);
        assertThat(world.ownerOf(IdentifierType.ANONYMOUS_ID, "anon-c").id()).isEqualTo(person.id());
    }

    /**
     * People browsing anonymously, identifying (which links the anonymous profile: a merge when the email already
     * has one), buying by email only, with redeliveries.
     */
    private static List<TouchpointEvent> mixedStream(int people, Random random) {
        List<TouchpointEvent> events = new ArrayList<>();
        for (int minute = 0; minute < people * 6; minute++) {
            int p = random.nextInt(people);
            String anon = "anon-" + p;
            String email = "person" + p + "@example.com";
            Touchpoints next = switch (random.nextInt(5)) {
                case 0 -> Touchpoints.page().anonymousId(anon);
                case 1 -> Touchpoints.identify().anonymousId(anon).userId("user-" + p).email(email);
                case 2 -> Touchpoints.track("Order Completed").email(email).property("revenue", 10 + p);
                case 3 -> Touchpoints.track("Product Viewed").userId("user-" + p);
                default -> Touchpoints.track("Product Viewed").anonymousId(anon + "-" + random.nextInt(2));
            };
            TouchpointEvent event = next.atMinute(minute).receivedAtMinute(minute).build();
            events.add(event);
            if (random.nextInt(8) == 0) {
                events.add(event);
            }
        }
        return events;
    }

    private World world(String name) {
        MongoTestClient.dropDatabase(name);
        databases.add(name);
        return new World(MongoTestClient.database(name), localServerWorkarounds());
    }

    private static List<Object> summary(Outcome outcome) {
        if (outcome instanceof Outcome.Applied applied) {
            return List.of(applied.profileId(), applied.duplicate(), applied.mergedAway());
        }
        return List.of("unattributable", false, List.of());
    }

    private static final class World {
        final MongoDatabase database;
        final MongoProfileStore store;
        final MongoIdentityIndex index;
        final ProfileResolver resolver;
        final BatchApplier batches;

        World(MongoDatabase database, boolean workarounds) {
            this.database = database;
            this.store = new MongoProfileStore(database, new LocalServerWorkarounds(workarounds));
            this.index = new MongoIdentityIndex(database, new LocalServerWorkarounds(workarounds));
            this.resolver = new ProfileResolver(store, index, ProfileConfig.defaults());
            this.batches = new BatchApplier(store, index, ProfileConfig.defaults(), Segmentation.none(), resolver);
        }

        Profile ownerOf(String type, String value) {
            Profile profile = store.load(index.owner(Identifier.of(type, value)).orElseThrow().profileId())
                    .orElseThrow().profile();
            while (profile.isMerged()) {
                profile = store.load(profile.mergedInto()).orElseThrow().profile();
            }
            return profile;
        }

        Map<String, Profile> liveProfilesById() {
            Map<String, Profile> live = new TreeMap<>();
            database.getCollection(MongoProfileStore.COLLECTION).find(Filters.eq("mergedInto", null))
                    .map(d -> store.load(d.getString("_id")))
                    .forEach((Optional<StoredProfile> p) -> p.ifPresent(s -> live.put(s.id(), s.profile())));
            return live;
        }

        /** Comparable across databases: versions count writes, which batching saves. */
        List<Profile> liveProfiles() {
            return liveProfilesById().values().stream().map(p -> p.withVersion(0)).toList();
        }
    }

    /** A real store with a hook, to stage a race at an exact point. */
    private static class DelegatingStore implements ProfileStore {
        private final ProfileStore delegate;

        DelegatingStore(ProfileStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<StoredProfile> load(String profileId) {
            return delegate.load(profileId);
        }

        @Override
        public Map<String, StoredProfile> loadAll(Collection<String> profileIds) {
            return delegate.loadAll(profileIds);
        }

        @Override
        public Set<String> writeAll(List<StoredProfile> inserts, List<StoredProfile> replaces) {
            return delegate.writeAll(inserts, replaces);
        }

        @Override
        public boolean insert(StoredProfile profile) {
            return delegate.insert(profile);
        }

        @Override
        public Optional<StoredProfile> replace(StoredProfile next) {
            return delegate.replace(next);
        }

        @Override
        public void delete(String profileId) {
            delegate.delete(profileId);
        }

        @Override
        public List<StoredProfile> page(String afterId, int limit) {
            return delegate.page(afterId, limit);
        }

        @Override
        public List<String> membersOf(String segmentId, String afterId, int limit) {
            return delegate.membersOf(segmentId, afterId, limit);
        }

        @Override
        public Map<String, Long> memberCounts(Collection<String> segmentIds) {
            return delegate.memberCounts(segmentIds);
        }

        @Override
        public long liveCount() {
            return delegate.liveCount();
        }
    }
}
