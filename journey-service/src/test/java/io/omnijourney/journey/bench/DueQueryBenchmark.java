package io.omnijourney.journey.bench;

import io.omnijourney.journey.app.OutboxFlusher;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Cost of the due-timer query with many instances that have no timer: {@code completed} completed instances (as the
 * wishlist journey leaves them) and {@code due} waiting instances whose timers are due. Times the claim rounds that
 * fire the due timers (one scheduler thread, batches of 50), then {@code idle-rounds} rounds that find nothing due
 * (what every scheduler thread pays each poll interval in steady state).
 *
 * <p>Run: {@code journey-service/run-benchmarks.sh due-query [completed=50000] [due=100] [idle-rounds=20]}
 */
public final class DueQueryBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.args(args);
        int completed = Integer.parseInt(options.getOrDefault("completed", "50000"));
        int due = Integer.parseInt(options.getOrDefault("due", "100"));
        int idleRounds = Integer.parseInt(options.getOrDefault("idle-rounds", "20"));
        Instant t0 = Instant.parse("2026-11-24T12:00:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(t0);
        Clock clock = BenchSupport.settable(now);
        BenchSupport engine = new BenchSupport("journey-bench-due-query", clock);
        TriggerIndex.Candidate journey = engine.publishTimerJourney("due-bench", t0);
        long loadStart = System.nanoTime();
        List<JourneyInstance> buffer = new ArrayList<>();
        for (int i = 0; i < completed + due; i++) {
            String profileId = "p-" + i;
            JourneyInstance.TriggerEvent cause = new JourneyInstance.TriggerEvent("m-" + i, "Timer Bench", Map.of(),
                    t0);
            JourneyInstance entered = StepMachine.enter(RequestIds.instance("due-bench", profileId, "m-" + i),
                    "due-bench", 1, profileId, cause, journey.definition(), t0);
            JourneyInstance waiting = StepMachine.start(journey.definition(), entered, new StepMachine.Context(t0,
                    Map.of(), Map.of(), ZoneOffset.UTC, StepMachine.SendHistory.none())).instance();
            if (i < completed) {
                waiting.status = JourneyInstance.Status.COMPLETED;
                waiting.waitKind = JourneyInstance.WaitKind.NONE;
                waiting.dueAt = null;
                waiting.endedAt = t0;
            }
            buffer.add(waiting);
            if (buffer.size() == 1_000) {
                engine.preload(buffer);
                buffer.clear();
            }
        }
        if (!buffer.isEmpty()) {
            engine.preload(buffer);
        }
        System.out.printf("%d completed and %d waiting instances loaded in %.1f s%n", completed, due,
                (System.nanoTime() - loadStart) / 1e9);
        AtomicInteger published = new AtomicInteger();
        OutboxFlusher flusher = new OutboxFlusher(messages -> published.addAndGet(messages.size()), engine.instances);
        TimerScheduler scheduler = new TimerScheduler("bench", engine.instances, engine.runtime, flusher, clock,
                Duration.ofSeconds(60), Duration.ofMillis(50), 1, 50);
        // Warm-up: idle rounds before the timers are due (the JIT and the server's caches).
        for (int i = 0; i < 5; i++) {
            scheduler.fireBatch();
        }
        now.set(t0.plus(Duration.ofHours(1)).plusSeconds(1));
        List<Double> firing = new ArrayList<>();
        int fired = 0;
        while (true) {
            long start = System.nanoTime();
            int n = scheduler.fireBatch();
            if (n == 0) {
                break;
            }
            firing.add((System.nanoTime() - start) / 1e6);
            fired += n;
        }
        double[] idle = new double[idleRounds];
        for (int i = 0; i < idleRounds; i++) {
            long start = System.nanoTime();
            scheduler.fireBatch();
            idle[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(idle);
        System.out.printf("RESULT completed=%d due=%d fired=%d published=%d in %d rounds: ms per firing round %s; "
                + "idle round (nothing due) median %.2f ms, max %.2f ms%n", completed, due, fired, published.get(),
                firing.size(), firing.stream().map(d -> String.format("%.1f", d)).toList(), idle[idleRounds / 2],
                idle[idleRounds - 1]);
        System.exit(fired == due && published.get() == due ? 0 : 1);
    }
}
