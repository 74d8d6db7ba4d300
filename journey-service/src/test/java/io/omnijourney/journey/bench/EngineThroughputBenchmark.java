package io.omnijourney.journey.bench;

import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Events per second through the journey engine with 10 and with 10,000 active journeys, trigger names spread over
 * 1,000 event names. Each event names one of those 1,000 events, so with 10,000 journeys it matches about 10 of them
 * by name, whose trigger conditions (a SKU test) then decide; with 10 journeys it matches one in a hundred events.
 * Target: the 10,000-journey rate is at least 80% of the 10-journey rate.
 *
 * <p>Run: {@code journey-service/run-benchmarks.sh engine [seconds=20] [warmup=10]}
 */
public final class EngineThroughputBenchmark {

    private static final int EVENT_NAMES = 1_000;
    private static final int PROFILES = 2_000;

    public static void main(String[] args) {
        Map<String, String> options = BenchSupport.args(args);
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
        BenchSupport smallEngine = load(10, clock);
        BenchSupport largeEngine = load(10_000, clock);
        // Warm both up, then interleave short slices of each so that the shared machine's load drifts over both alike.
        measure(smallEngine, 10, clock, warmup, 1, -1);
        measure(largeEngine, 10_000, clock, warmup, 1, -2);
        long[] smallTotals = new long[2];
        long[] largeTotals = new long[2];
        int slices = Math.max(1, seconds / 5);
        for (int round = 0; round < slices; round++) {
            slice(smallEngine, 10, clock, 5, round, smallTotals);
            slice(largeEngine, 10_000, clock, 5, round, largeTotals);
        }
        double small = smallTotals[0] / (smallTotals[1] / 1e9);
        double large = largeTotals[0] / (largeTotals[1] / 1e9);
        System.out.printf("RESULT journeys=10 events/s=%.0f%nRESULT journeys=10000 events/s=%.0f%n"
                + "RESULT ratio=%.2f (target >= 0.80)%n", small, large, large / small);
        System.exit(0);
    }

    private static void slice(BenchSupport engine, int journeyCount, Clock clock, int seconds, int round,
            long[] totals) {
        long start = System.nanoTime();
        double rate = measure(engine, journeyCount, clock, 0, seconds, round);
        long elapsed = System.nanoTime() - start;
        totals[0] += Math.round(rate * elapsed / 1e9);
        totals[1] += elapsed;
    }

    private static BenchSupport load(int journeyCount, Clock clock) {
        BenchSupport engine = new BenchSupport("journey-bench-engine-" + journeyCount, clock);
        long loadStart = System.nanoTime();
        for (int j = 0; j < journeyCount; j++) {
            engine.publish("bench-" + j, "{\"name\":\"bench " + j + "\",\"trigger\":{\"events\":[\"Event "
                    + (j % EVENT_NAMES) + "\"],\"condition\":\"has(event.properties.sku) && event.properties.sku == "
                    + "'sku-" + j + "'\"},\"entry\":{\"reentry\":\"always\"},\"steps\":[{\"id\":\"w\",\"type\":\"wait\","
                    + "\"duration\":\"PT1H\"}]}", clock.instant());
        }
        engine.index.refresh();
        System.out.printf("journeys=%d loaded and indexed in %.1f s%n", journeyCount,
                (System.nanoTime() - loadStart) / 1e9);
        return engine;
    }

    private static double measure(BenchSupport engine, int journeyCount, Clock clock, int warmupSeconds, int seconds,
            int round) {
        SplittableRandom random = new SplittableRandom(42);
        ProfileSnapshot profile = new ProfileSnapshot(Map.of("userId", List.of("u")), Map.of("firstName", "Ana"),
                Map.of(), Map.of("orderCount", 3L), List.of());
        long[] counter = new long[1];
        Runnable one = () -> {
            long n = counter[0]++;
            TouchpointEvent event = TouchpointEventBuilder.of(EventType.TRACK).messageId("m-" + journeyCount + "-" + round + "-" + n)
                    .event("Event " + random.nextInt(EVENT_NAMES)).userId("u")
                    .properties(Map.of("sku", "sku-" + random.nextInt(1_000_000), "price", 12L))
                    .channel(Channel.WEB).sourceId("bench").timestamp(clock.instant()).receivedAt(clock.instant())
                    .build();
            engine.runtime.handle(ProfileEvent.touchpoint("p-" + random.nextInt(PROFILES), event, profile));
        };
        long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < warmupEnd) {
            one.run();
        }
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long before = counter[0];
        while (System.nanoTime() < end) {
            one.run();
        }
        double rate = (counter[0] - before) / ((System.nanoTime() - start) / 1e9);
        long instances = engine.database.getCollection("instances").countDocuments();
        System.out.printf("journeys=%d round=%d events/s=%.0f (instances started so far: %d)%n", journeyCount, round,
                rate, instances);
        return rate;
    }
}
