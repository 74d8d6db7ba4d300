package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.journey.MutableClock;
import io.omnijourney.journey.app.DefinitionCache;
import io.omnijourney.journey.app.JourneyCatalog;
import io.omnijourney.journey.app.JourneyRuntime;
import io.omnijourney.journey.app.JourneyStats;
import io.omnijourney.journey.app.Pending;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.app.StatsService;
import io.omnijourney.journey.app.StoredInstance;
import io.omnijourney.journey.app.TriggerIndex;
import io.omnijourney.journey.app.UnitOfWork;
import io.omnijourney.journey.bench.BenchSupport;
import io.omnijourney.journey.domain.Definitions;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine wired by hand on the wire-protocol MongoDB server: a profile's document stays small whatever its history,
 * re-entry rules and the frequency cap still see finished instances, statistics come from counters that equal what a
 * scan of the instances gives, and a replayed unit of work counts nothing twice.
 */
class BoundedJourneyDocumentsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final ProfileSnapshot PROFILE = new ProfileSnapshot(Map.of("email", List.of("ana@example.com"),
            "userId", List.of("u-ana")), Map.of(), Map.of("email", new ProfileSnapshot.Consent("subscribed", null)),
            Map.of(), List.of());

    private final MutableClock now = new MutableClock();
    private MongoDatabase database;
    private MongoInstanceStore instances;
    private MongoProfileCache profiles;
    private MongoStatsStore counters;
    private JourneyCatalog catalog;
    private JourneyRuntime runtime;
    private StatsService stats;
    private int messages;

    /** The local-server workarounds these tests run with (the production-path subclass turns them off). */
    protected LocalServerWorkarounds workarounds() {
        return LocalServerWorkarounds.ON;
    }

    @BeforeEach
    void engine() {
        database = MongoTestClient.database("journey-bounded-documents-test" + (workarounds().enabled() ? "" : "-off"));
        database.drop();
        instances = new MongoInstanceStore(database, workarounds());
        profiles = new MongoProfileCache(database, workarounds());
        counters = new MongoStatsStore(database, workarounds());
        MongoJourneyStore journeys = new MongoJourneyStore(database);
        DefinitionCache definitions = new DefinitionCache(journeys);
        TriggerIndex index = new TriggerIndex(journeys, definitions);
        now.moveTo(T0);
        Clock clock = now;
        catalog = new JourneyCatalog(journeys, index, clock, definitions, 1000);
        runtime = new JourneyRuntime(index, definitions, instances, profiles, counters, clock, BenchSupport.config(),
                new SimpleMeterRegistry());
        stats = new StatsService(counters, catalog, definitions);
    }

    @Test
    void aProfileWith2000FinishedInstancesKeepsASmallDocumentAndStillRoutesEvents() {
        String visits = journey("{'name':'visits','trigger':{'events':['Page Visit']},'entry':{'reentry':'always'},"
                + "'steps':[{'id':'hello','type':'send','channel':'email','templateId':'t','category':'transactional'}]}");
        String orders = journey("{'name':'orders','trigger':{'events':['Order Placed']},'entry':{'reentry':'always'},"
                + "'steps':[{'id':'wait','type':'wait_for_event','event':'Order Shipped','timeout':'P1D',"
                + "'received':'shipped','timedOut':'late'},{'id':'shipped','type':'exit'},"
                + "{'id':'late','type':'exit'}]}");
        for (int poll = 0; poll < 40; poll++) {
            List<ProfileEvent> events = new ArrayList<>();
            for (int n = 0; n < 50; n++) {
                events.add(track("p-busy", "Page Visit"));
            }
            apply(events);
        }
        apply(List.of(track("p-busy", "Order Placed")));

        assertThat(instances.idsOfProfile("p-busy")).hasSize(2001);
        int size = database.getCollection("profiles", RawBsonDocument.class).find(new Document("_id", "p-busy"))
                .first().getByteBuffer().remaining();
        assertThat(size).as("BSON size of the profile document, bytes").isLessThan(2048);
        UnitOfWork unit = runtime.deferredUnit();
        assertThat(unit.liveCount("p-busy")).as("only the waiting order is live").isEqualTo(1);
        Document busy = database.getCollection("profiles").find(new Document("_id", "p-busy")).first();
        if (workarounds().enabled()) {
            assertThat(busy.get("live", Document.class)).as("listed in the profile document").hasSize(1);
        } else {
            assertThat(busy).as("live instances are flagged on the instances instead").doesNotContainKey("live");
            assertThat(database.getCollection("instances").countDocuments(new Document("profileId", "p-busy")
                    .append("live", true))).isEqualTo(1);
        }

        apply(List.of(track("p-busy", "Order Shipped")));
        JourneyInstance order = only(orders, "p-busy");
        assertThat(order.status).isEqualTo(JourneyInstance.Status.EXITED);
        assertThat(order.stepId).isEqualTo("shipped");
        assertThat(stats.stats(visits).entered()).isEqualTo(2000);
        assertThat(stats.stats(visits).completed()).isEqualTo(2000);
    }

    @Test
    void reentryCooldownAndTheFrequencyCapStillSeeFinishedInstances() {
        String cooled = journey("{'name':'cooled','trigger':{'events':['Cooled']},'entry':{'reentry':'always',"
                + "'cooldown':'PT1H'},'steps':[{'id':'hello','type':'send','channel':'email','templateId':'t',"
                + "'category':'transactional'}]}");
        String once = journey("{'name':'once','trigger':{'events':['Once']},'entry':{'reentry':'never'},"
                + "'steps':[{'id':'hello','type':'send','channel':'email','templateId':'t','category':'transactional'}]}");
        String capped = journey("{'name':'capped','trigger':{'events':['Capped']},'entry':{'reentry':'always'},"
                + "'frequencyCap':{'maxSends':2,'per':'P1D'},"
                + "'steps':[{'id':'hello','type':'send','channel':'email','templateId':'t'}]}");
        apply(List.of(track("p-1", "Cooled"), track("p-1", "Once"), track("p-1", "Capped"), track("p-1", "Capped")));
        // A later event finds them finished and unlists them: only the entry records remember them now.
        now.moveTo(T0.plus(Duration.ofMinutes(30)));
        apply(List.of(track("p-1", "Something Else")));
        assertThat(runtime.deferredUnit().liveCount("p-1")).isZero();

        apply(List.of(track("p-1", "Cooled"), track("p-1", "Once"), track("p-1", "Capped")));
        assertThat(all(cooled, "p-1")).as("cooldown").hasSize(1);
        assertThat(all(once, "p-1")).as("never again").hasSize(1);
        assertThat(all(capped, "p-1")).hasSize(3).filteredOn(i -> i.path.stream()
                .anyMatch(e -> e.outcome().equals("skipped_frequency_cap"))).as("the cap counts finished sends")
                .hasSize(1);

        now.moveTo(T0.plus(Duration.ofMinutes(61)));
        apply(List.of(track("p-1", "Cooled"), track("p-1", "Once")));
        assertThat(all(cooled, "p-1")).as("after the cooldown").hasSize(2);
        assertThat(all(once, "p-1")).hasSize(1);
    }

    @Test
    void statisticsFromCountersEqualAScanOfTheInstances() {
        String checkout = journey(CHECKOUT);
        apply(List.of(track("p-wait", "Cart"), track("p-cancel", "Cart"), track("p-buy", "Cart"),
                track("p-late", "Cart")));
        apply(List.of(track("p-cancel", "Cancel"), track("p-buy", "Buy")));
        now.moveTo(T0.plus(Duration.ofMinutes(61)));
        for (StoredInstance due : instances.claimDueBatch(now.instant(), "test", now.instant().plusSeconds(30), 10)) {
            if (!due.instance().profileId.equals("p-wait")) {
                runtime.fire(due);
            }
        }

        JourneyStats counted = stats.stats(checkout);
        assertThat(counted).isEqualTo(scan(checkout));
        assertThat(counted.entered()).isEqualTo(4);
        assertThat(counted.exited()).containsEntry("exit_criteria", 1L);
        assertThat(counted.conversions()).isEqualTo(1);
        assertThat(counted.completed()).isGreaterThanOrEqualTo(1);
        assertThat(counted.sendsByChannel().get("email")).isGreaterThanOrEqualTo(5L);
    }

    @Test
    void aReplayedUnitOfWorkCountsNothingTwice() {
        String checkout = journey(CHECKOUT);
        List<ProfileEvent> poll = List.of(track("p-a", "Cart"), track("p-b", "Cart"), track("p-a", "Buy"));
        apply(poll);
        JourneyStats once = stats.stats(checkout);
        apply(poll);
        apply(poll);
        assertThat(stats.stats(checkout)).isEqualTo(once).isEqualTo(scan(checkout));

        // A commit refused half-way: one write landed (the new instance), one lost its race with another writer.
        UnitOfWork unit = runtime.deferredUnit();
        List<ProfileEvent> next = List.of(track("p-c", "Cart"), track("p-b", "Cancel"));
        runtime.prefetch(next, unit);
        next.forEach(e -> runtime.handle(e, unit));
        StoredInstance b = instances.findAll(instances.idsOfProfile("p-b")).values().iterator().next();
        instances.update(b.instance(), b.instance().revision, List.of());
        assertThatThrownBy(unit::commit).isInstanceOf(UnitOfWork.ConcurrentChangeException.class);
        apply(next);
        apply(next);
        JourneyStats after = stats.stats(checkout);
        assertThat(after).isEqualTo(scan(checkout));
        assertThat(after.entered()).isEqualTo(3);
        assertThat(after.exited()).containsEntry("exit_criteria", 1L);
    }

    @Test
    void theCountersStartOnceFromExistingInstances() {
        String checkout = journey(CHECKOUT);
        apply(List.of(track("p-a", "Cart"), track("p-b", "Cart"), track("p-a", "Buy"), track("p-b", "Cancel")));
        JourneyStats expected = scan(checkout);
        database.getCollection("stats").drop();
        assertThat(stats.stats(checkout).entered()).isZero();

        assertThat(StatsCounterPass.run(database, counters)).isEqualTo(2);
        assertThat(stats.stats(checkout)).isEqualTo(expected);
        assertThat(StatsCounterPass.run(database, counters)).as("runs once").isZero();
        assertThat(stats.stats(checkout)).isEqualTo(expected);
    }

    @Test
    void atMostMaxLiveInstancesPerProfile() {
        String waits = journey("{'name':'waits','trigger':{'events':['Wait Please']},'entry':{'reentry':'always'},"
                + "'steps':[{'id':'w','type':'wait','duration':'PT1H'}]}");
        for (int poll = 0; poll < 3; poll++) {
            List<ProfileEvent> events = new ArrayList<>();
            for (int n = 0; n < 40; n++) {
                events.add(track("p-many", "Wait Please"));
            }
            apply(events);
        }
        assertThat(all(waits, "p-many")).hasSize(ProfileCache.MAX_LIVE);
        assertThat(runtime.deferredUnit().liveCount("p-many")).isEqualTo(ProfileCache.MAX_LIVE);
    }

    @Test
    void anOutboxAtItsCapTakesNoMoreMessagesUntilPublished() {
        String loop = journey("{'name':'loop','trigger':{'events':['Loop']},'entry':{'reentry':'always'},"
                + "'steps':[{'id':'w','type':'wait','duration':'PT1S','next':'s'},{'id':'s','type':'send',"
                + "'channel':'email','templateId':'t','category':'transactional','next':'w'}]}");
        apply(List.of(track("p-loop", "Loop")));
        for (int round = 0; round < JourneyRuntime.MAX_OUTBOX + 5; round++) {
            now.moveTo(now.instant().plusSeconds(2));
            instances.claimDueBatch(now.instant(), "test", now.instant().plusSeconds(1), 10).forEach(runtime::fire);
        }
        StoredInstance looping = instances.findAll(instances.idsOfProfile("p-loop")).values().iterator().next();
        assertThat(looping.outbox()).hasSize(JourneyRuntime.MAX_OUTBOX);
        assertThat(looping.instance().active()).isTrue();
        assertThat(looping.instance().sends).hasSize(JourneyRuntime.MAX_OUTBOX);
        assertThat(stats.stats(loop).sendsByChannel()).containsEntry("email", (long) JourneyRuntime.MAX_OUTBOX);
    }

    @Test
    void aDocumentWrittenByTheVersionThatListedEveryInstanceKeepsWorkingAndIsRewrittenOnItsNextWrite() {
        String cooled = journey("{'name':'cooled','trigger':{'events':['Cooled']},'entry':{'reentry':'always',"
                + "'cooldown':'PT1H'},'steps':[{'id':'w','type':'wait','duration':'PT2H'}]}");
        apply(List.of(track("p-old", "Cooled")));
        String live = instances.idsOfProfile("p-old").get(0);
        // As the previous version stored it: every instance listed, retired ones marked.
        Document legacy = new Document(live, new Document("j", cooled).append("e", java.util.Date.from(T0))
                .append("r", false));
        for (int n = 0; n < 50; n++) {
            legacy.append("ji-gone" + n, new Document("j", cooled).append("e", java.util.Date.from(T0.minusSeconds(n)))
                    .append("r", true));
        }
        database.getCollection("profiles").updateOne(new Document("_id", "p-old"), new Document("$set",
                new Document("instances", legacy)).append("$unset", new Document("live", "").append("entries", "")));

        now.moveTo(T0.plus(Duration.ofMinutes(10)));
        apply(List.of(track("p-old", "Cooled")));
        assertThat(all(cooled, "p-old")).as("the cooldown read from the old listing").hasSize(1);
        Document stored = database.getCollection("profiles").find(new Document("_id", "p-old")).first();
        assertThat(stored).doesNotContainKey("instances");
        if (workarounds().enabled()) {
            assertThat(stored.get("live", Document.class)).containsOnlyKeys(live);
        } else {
            assertThat(stored).as("live instances are flagged on the instances").doesNotContainKey("live");
        }
        assertThat(stored.get("entries", Document.class)).hasSize(1);

        now.moveTo(T0.plus(Duration.ofMinutes(61)));
        apply(List.of(track("p-old", "Cooled")));
        assertThat(all(cooled, "p-old")).hasSize(2);
    }

    private static final String CHECKOUT = "{'name':'checkout','trigger':{'events':['Cart']},"
            + "'entry':{'reentry':'always'},'exit':[{'event':'Cancel'}],'goal':{'event':'Buy','within':'P3D'},"
            + "'steps':[{'id':'first','type':'send','channel':'email','templateId':'t','category':'transactional',"
            + "'next':'w'},{'id':'w','type':'wait','duration':'PT1H','next':'second'},"
            + "{'id':'second','type':'send','channel':'email','templateId':'t2','category':'transactional'}]}";

    /** Statistics as the previous version computed them: by reading every instance of the journey. */
    private JourneyStats scan(String journeyId) {
        Map<String, long[]> steps = new LinkedHashMap<>();
        Map<String, Map<String, Long>> stepExits = new LinkedHashMap<>();
        Map<String, Map<String, Long>> stepSends = new LinkedHashMap<>();
        DefinitionCache.parse(catalog.get(journeyId).draftJson()).steps()
                .forEach(s -> steps.put(s.id(), new long[3]));
        long[] totals = new long[4];
        Map<String, Long> exited = new TreeMap<>();
        Map<String, Long> sends = new TreeMap<>();
        instances.forJourney(journeyId).forEach(i -> {
            totals[0]++;
            i.visits.forEach((step, n) -> steps.get(step)[0] += n);
            if (i.status == JourneyInstance.Status.ACTIVE) {
                totals[1]++;
                steps.get(i.stepId)[1]++;
            } else if (i.status == JourneyInstance.Status.COMPLETED) {
                totals[2]++;
            } else {
                exited.merge(i.exitReason, 1L, Long::sum);
                stepExits.computeIfAbsent(i.stepId, k -> new TreeMap<>()).merge(i.exitReason, 1L, Long::sum);
            }
            if (i.convertedAt != null) {
                totals[3]++;
                steps.get(i.convertedStepId)[2]++;
            }
            for (JourneyInstance.SendRecord send : i.sends) {
                sends.merge(send.channel(), 1L, Long::sum);
                stepSends.computeIfAbsent(send.stepId(), k -> new TreeMap<>()).merge(send.channel(), 1L, Long::sum);
            }
        });
        List<JourneyStats.StepStats> perStep = new ArrayList<>();
        steps.forEach((id, c) -> {
            Map<String, Long> sent = stepSends.getOrDefault(id, Map.of());
            perStep.add(new JourneyStats.StepStats(id, c[0], c[1], stepExits.getOrDefault(id, Map.of()), c[2], sent,
                    JourneyStats.Delivery.of(sent.values().stream().mapToLong(Long::longValue).sum(), Map.of())));
        });
        return new JourneyStats(journeyId, totals[0], totals[1], totals[2], exited, totals[3], sends,
                JourneyStats.Delivery.of(sends.values().stream().mapToLong(Long::longValue).sum(), Map.of()), perStep,
                List.of(), null);
    }

    /** One consumer poll: a deferred unit committed, its messages "published" (their outboxes emptied). */
    private void apply(List<ProfileEvent> events) {
        UnitOfWork unit = runtime.deferredUnit();
        runtime.prefetch(events, unit);
        List<Pending> pending = new ArrayList<>();
        events.forEach(e -> pending.addAll(runtime.handle(e, unit)));
        unit.commit();
        instances.markPublishedAll(pending);
    }

    private ProfileEvent track(String profileId, String event) {
        String id = "m-" + (++messages);
        return ProfileEvent.touchpoint(profileId, TouchpointEventBuilder.of(EventType.TRACK).messageId(id)
                .event(event).userId("u").properties(Map.of()).channel(Channel.WEB).sourceId("web")
                .timestamp(now.instant()).receivedAt(now.instant()).build(), PROFILE);
    }

    private String journey(String definition) {
        String id = catalog.create(Definitions.json(definition)).id();
        catalog.publish(id);
        return id;
    }

    private List<JourneyInstance> all(String journeyId, String profileId) {
        return instances.findAll(instances.idsOfProfile(profileId)).values().stream().map(StoredInstance::instance)
                .filter(i -> journeyId.equals(i.journeyId)).toList();
    }

    private JourneyInstance only(String journeyId, String profileId) {
        List<JourneyInstance> found = all(journeyId, profileId);
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
