package io.omnijourney.journey.bench;

import io.omnijourney.journey.app.OutboxFlusher;
import io.omnijourney.journey.app.OutboxMessage;
import io.omnijourney.journey.app.Publisher;
import io.omnijourney.journey.app.TimerScheduler;
import io.omnijourney.journey.app.TriggerIndex;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.journey.domain.RequestIds;
import io.omnijourney.journey.domain.StepMachine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Timer throughput: N instances (default 100,000) whose waits end at the same moment, fired by two schedulers (two
 * "service instances", each with its threads) competing for the same timers through MongoDB leases. Reports the time
 * until every timer fired, and checks that none fired twice: every request id published exactly once and every
 * instance completed with exactly one "waited" step.
 *
 * <p>Run: {@code journey-service/run-benchmarks.sh timers [instances=100000] [threads=2] [batch=200]}
 */
public final class TimerThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.args(args);
        int count = Integer.parseInt(options.getOrDefault("instances", "100000"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "200"));
        Instant t0 = Instant.parse("2026-11-24T12:00:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(t0);
        Clock clock = BenchSupport.settable(now);
        BenchSupport engine = new BenchSupport("journey-bench-timers", clock);
        TriggerIndex.Candidate journey = engine.publishTimerJourney("timer-bench", t0);

        long loadStart = System.nanoTime();
        List<JourneyInstance> buffer = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String profileId = "p-" + i;
            JourneyInstance.TriggerEvent cause = new JourneyInstance.TriggerEvent("m-" + i, "Timer Bench", Map.of(),
                    t0);
            JourneyInstance entered = StepMachine.enter(RequestIds.instance("timer-bench", profileId, "m-" + i),
                    "timer-bench", 1, profileId, cause, journey.definition(), t0);
            buffer.add(StepMachine.start(journey.definition(), entered, new StepMachine.Context(t0, Map.of(), Map.of(),
                    ZoneOffset.UTC, StepMachine.SendHistory.none())).instance());
            if (buffer.size() == 1_000) {
                engine.preload(buffer);
                buffer.clear();
            }
        }
        if (!buffer.isEmpty()) {
            engine.preload(buffer);
        }
        System.out.printf("%d waiting instances loaded in %.1f s, all due at %s%n", count,
                (System.nanoTime() - loadStart) / 1e9, t0.plus(Duration.ofHours(1)));

        ConcurrentHashMap<String, AtomicInteger> published = new ConcurrentHashMap<>();
        Publisher counting = messages -> {
            for (OutboxMessage m : messages) {
                published.computeIfAbsent(m.id(), k -> new AtomicInteger()).incrementAndGet();
            }
        };
        OutboxFlusher flusher = new OutboxFlusher(counting, engine.instances);
        List<TimerScheduler> schedulers = List.of(
                new TimerScheduler("service-a", engine.instances, engine.runtime, flusher, clock,
                        Duration.ofSeconds(60), Duration.ofMillis(50), threads, batch),
                new TimerScheduler("service-b", engine.instances, engine.runtime, flusher, clock,
                        Duration.ofSeconds(60), Duration.ofMillis(50), threads, batch));
        now.set(t0.plus(Duration.ofHours(1)).plusSeconds(1));
        long start = System.nanoTime();
        schedulers.forEach(TimerScheduler::start);
        long lastReport = start;
        while (published.size() < count) {
            Thread.sleep(100);
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("  %d fired after %.0f s%n", published.size(), (lastReport - start) / 1e9);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        schedulers.forEach(TimerScheduler::stop);
        long duplicates = published.values().stream().filter(c -> c.get() > 1).count();
        long completedOnce = engine.database.getCollection("instances").countDocuments(new org.bson.Document("status",
                "COMPLETED"));
        System.out.printf("RESULT timers=%d all fired in %.1f s (%.0f timers/s), request ids published twice: %d, "
                + "instances completed: %d%n", count, elapsed, count / elapsed, duplicates, completedOnce);
        System.exit(duplicates == 0 && completedOnce == count ? 0 : 1);
    }
}
