package io.omnijourney.kit.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Keeps a consumer loop alive: runs one "life" of it (typically: create a Kafka consumer, subscribe, poll until
 * stopped) and, when a life ends on an unexpected failure (a broker error the client does not retry, such as a group
 * coordinator still loading after a broker restart), logs it and starts a new life after a pause that doubles from
 * {@code initialBackoff} up to {@code maxBackoff} instead of leaving the service up without a consumer. Uncommitted records are simply
 * delivered again to the new consumer, which the services handle idempotently. A life that ran for a minute resets
 * the pause.
 */
public final class RestartingLoop {

    private static final Duration HEALTHY_LIFE = Duration.ofMinutes(1);

    private final String name;
    private final Logger log;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private volatile int consecutiveFailures;
    private volatile long restarts;

    public RestartingLoop(String name, Logger log, Duration initialBackoff, Duration maxBackoff) {
        this.name = name;
        this.log = log;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Runs {@code life} again and again while {@code running} says so; returns once it is false. */
    public void run(BooleanSupplier running, Runnable life) {
        Duration backoff = initialBackoff;
        while (running.getAsBoolean()) {
            long started = System.nanoTime();
            try {
                life.run();
                consecutiveFailures = 0;
            } catch (RuntimeException e) {
                if (!running.getAsBoolean()) {
                    return; // woken up to stop
                }
                if (Duration.ofNanos(System.nanoTime() - started).compareTo(HEALTHY_LIFE) >= 0) {
                    backoff = initialBackoff;
                }
                consecutiveFailures++;
                restarts++;
                log.errorf(e, "%s failed (%d in a row); starting it again in %d ms", name, consecutiveFailures,
                        backoff.toMillis());
                if (!sleep(backoff, running)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /** Failures since the last life that ended normally or ran long enough; liveness may report on it. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** How many times a life was started again after a failure. */
    public long restarts() {
        return restarts;
    }

    private static boolean sleep(Duration pause, BooleanSupplier running) {
        long until = System.nanoTime() + pause.toNanos();
        try {
            while (running.getAsBoolean() && System.nanoTime() < until) {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return running.getAsBoolean();
    }
}
