package io.omnijourney.journey.app;

import io.omnijourney.kit.logging.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    /** How late the oldest timer of the last claim round was, in milliseconds (0 when nothing was due). */
    private final java.util.concurrent.atomic.AtomicLong overdueMillis = new java.util.concurrent.atomic.AtomicLong();
    private ExecutorService workers;

    public TimerScheduler(String owner, InstanceStore instances, JourneyRuntime runtime, OutboxFlusher flusher,
            Clock clock, Duration lease, Duration pollInterval, int threads) {
        this(owner, instances, runtime, flusher, clock, lease, pollInterval, threads, 50);
    }

    public TimerScheduler(String owner, InstanceStore instances, JourneyRuntime runtime, OutboxFlusher flusher,
            Clock clock, Duration lease, Duration pollInterval, int threads, int batchSize) {
        this.batchSize = batchSize;
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
                if (fireBatch() == 0) {
                    Thread.sleep(pollInterval.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // MongoDB or the broker away: the claimed timer's lease runs out and it is fired again, same ids.
                LOG.warnf("timer firing failed, retrying after the poll interval: %s", LogSafe.text(e));
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Claims a batch of due timers, advances each instance (one MongoDB write each), then publishes the batch's
     * messages together and marks them published. Returns how many timers were claimed.
     */
    public int fireBatch() {
        Instant now = clock.instant();
        List<StoredInstance> claimed = instances.claimDueBatch(now, owner, now.plus(lease), batchSize);
        overdueMillis.set(claimed.stream().map(s -> s.instance().dueAt).filter(java.util.Objects::nonNull)
                .mapToLong(due -> Math.max(0, Duration.between(due, now).toMillis())).max().orElse(0));
        List<Pending> pending = new ArrayList<>();
        for (StoredInstance instance : claimed) {
            runtime.fire(instance).ifPresent(pending::add);
        }
        flusher.flush(pending);
        instances.settle();
        return claimed.size();
    }

    /**
     * How late, in seconds, the oldest timer of the last claim round fired: near 0 while the schedulers keep up; it
     * grows when timers come due faster than they are fired (a backlog), or after an outage.
     */
    public double overdueSeconds() {
        return overdueMillis.get() / 1000.0;
    }

    /** Fires every timer due now on the calling thread; for benchmarks and tools. */
    public int fireAllDue() {
        int fired = 0;
        for (int n = fireBatch(); n > 0; n = fireBatch()) {
            fired += n;
        }
        return fired;
    }
}
