package io.omnijourney.journey.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Fires due timers. Each is claimed with a lease in MongoDB, so any number of schedulers (threads, service
 * instances) can run against one database: a timer goes to one claimer at a time, and a claimer that dies only
 * delays its timers until the lease runs out. Timers are state in MongoDB, not in memory: a restarted service finds
 * every timer that came due while it was down and fires it late, once.
 */
public class TimerScheduler {

    private static final Logger LOG = Logger.getLogger(TimerScheduler.class);

    private final String owner;
    private final InstanceStore instances;
    private final JourneyRuntime runtime;
    private final OutboxFlusher flusher;
    private final Clock clock;
    private final Duration lease;
    private final Duration pollInterval;
    private final int threads;
    private final AtomicBoolean running = new AtomicBoolean();
    private ExecutorService workers;

    public TimerScheduler(String owner, InstanceStore instances, JourneyRuntime runtime, OutboxFlusher flusher,
            Clock clock, Duration lease, Duration pollInterval, int threads) {
        this.owner = owner == null ? "scheduler-" + UUID.randomUUID() : owner;
        this.instances = instances;
        this.runtime = runtime;
        this.flusher = flusher;
        this.clock = clock;
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.threads = threads;
    }

    public String owner() {
        return owner;
    }

    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "journey-timers-" + owner);
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < threads; i++) {
            workers.submit(this::loop);
        }
    }

    public synchronized void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean running() {
        return running.get();
    }

    private void loop() {
        while (running.get()) {
            try {
                if (fireOne() == 0) {
                    Thread.sleep(pollInterval.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // MongoDB or the broker away: the claimed timer's lease runs out and it is fired again, same ids.
                LOG.warnf("timer firing failed, retrying after the poll interval: %s", e.toString());
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Claims and fires at most one due timer; returns how many fired (0 or 1). */
    public int fireOne() {
        Instant now = clock.instant();
        Optional<StoredInstance> claimed = instances.claimDue(now, owner, now.plus(lease));
        if (claimed.isEmpty()) {
            return 0;
        }
        runtime.fire(claimed.get()).ifPresent(p -> flusher.flush(List.of(p)));
        return 1;
    }

    /** Fires every timer due now (one thread); for benchmarks and tools. */
    public int fireAllDue() {
        int fired = 0;
        while (fireOne() == 1) {
            fired++;
        }
        return fired;
    }
}
