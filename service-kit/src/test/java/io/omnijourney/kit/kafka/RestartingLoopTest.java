package io.omnijourney.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class RestartingLoopTest {

    private final RestartingLoop loop = new RestartingLoop("test consumer", Logger.getLogger(getClass()),
            Duration.ofMillis(20), Duration.ofMillis(50));

    @Test
    void aFailedLifeIsStartedAgainAfterGrowingPausesUntilStopped() {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger lives = new AtomicInteger();
        List<Long> startedAt = new ArrayList<>();

        loop.run(running::get, () -> {
            startedAt.add(System.nanoTime());
            if (lives.incrementAndGet() <= 3) {
                throw new IllegalStateException("The coordinator is loading");
            }
            running.set(false);
        });

        assertThat(lives).hasValue(4);
        assertThat(loop.restarts()).isEqualTo(3);
        assertThat(loop.consecutiveFailures()).isZero();
        // Pauses of 20, 40 and 50 ms (capped) between the lives.
        assertThat(startedAt.get(1) - startedAt.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(startedAt.get(2) - startedAt.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(40).toNanos());
        assertThat(startedAt.get(3) - startedAt.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void aFailureWhileStoppingEndsTheLoopWithoutAnotherLife() {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger lives = new AtomicInteger();

        loop.run(running::get, () -> {
            lives.incrementAndGet();
            running.set(false);
            throw new IllegalStateException("woken up to stop");
        });

        assertThat(lives).hasValue(1);
        assertThat(loop.restarts()).isZero();
    }

    @Test
    void consecutiveFailuresAreCountedWhileTheLoopKeepsFailing() {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger lives = new AtomicInteger();

        loop.run(running::get, () -> {
            if (lives.incrementAndGet() == 5) {
                running.set(false);
            }
            throw new IllegalStateException("broker away");
        });

        assertThat(lives).hasValue(5);
        assertThat(loop.consecutiveFailures()).isEqualTo(4);
    }
}
