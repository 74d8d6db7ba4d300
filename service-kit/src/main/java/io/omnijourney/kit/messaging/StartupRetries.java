package io.omnijourney.kit.messaging;

import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A start-up step that a slow or briefly unreachable dependency must not turn into a failed start: an outage
 * ({@link Failures.Kind#OUTAGE}: a socket timeout, an election, a broker not there yet) is retried with a growing pause
 * until {@code patience} has passed; any other failure, and an outage outlasting the patience, is thrown at once.
 * Seen: ingest-service exited at start-up when its first MongoDB read took longer than its 2 s read timeout on a
 * loaded machine.
 */
public final class StartupRetries {

    private static final Logger LOG = Logger.getLogger(StartupRetries.class);
    private static final long FIRST_PAUSE_MILLIS = 250;
    private static final long LONGEST_PAUSE_MILLIS = 5_000;

    private StartupRetries() {
    }

    /** Runs {@code step}, again after each outage, until it succeeds or {@code patience} has passed. */
    public static void untilDone(String what, Runnable step, Duration patience) {
        untilDone(what, step, patience, StartupRetries::pause);
    }

    /** As {@link #untilDone(String, Runnable, Duration)}, returning what the successful attempt returned. */
    public static <T> T untilDone(String what, Supplier<T> step, Duration patience) {
        return untilDone(what, step, patience, StartupRetries::pause);
    }

    static void untilDone(String what, Runnable step, Duration patience, LongConsumer pause) {
        untilDone(what, () -> {
            step.run();
            return null;
        }, patience, pause);
    }

    static <T> T untilDone(String what, Supplier<T> step, Duration patience, LongConsumer pause) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pauseMillis = FIRST_PAUSE_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (Failures.classify(e) != Failures.Kind.OUTAGE || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                LOG.warnf("%s: attempt %d failed (%s); trying again in %d ms", what, attempt,
                        e.getClass().getSimpleName(), pauseMillis);
                pause.accept(pauseMillis);
                pauseMillis = Math.min(LONGEST_PAUSE_MILLIS, pauseMillis * 2);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a start-up step", e);
        }
    }
}
