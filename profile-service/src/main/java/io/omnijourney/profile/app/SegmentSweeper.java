package io.omnijourney.profile.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.omnijourney.kit.logging.LogSafe;
import io.omnijourney.profile.config.ProfileServiceConfig;
import io.omnijourney.profile.segment.SegmentCatalog;
import io.omnijourney.profile.segment.SegmentService;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps segment memberships true when no event arrives: reloads the definitions every refresh interval (changes made
 * on another instance) and re-evaluates every live profile on each sweep interval, and soon after the definitions
 * change. Changes are written conditionally (a profile that changed meanwhile was re-evaluated by that write) with
 * their events in the profile's outbox, then published.
 *
 * <p>After a restart the first sweep also republishes the sweep events still in outboxes: one decided just before a
 * crash may not have been published. Consumers deduplicate on the event id.
 */
@ApplicationScoped
public class SegmentSweeper {

    private static final Logger LOG = Logger.getLogger(SegmentSweeper.class);
    private static final int PAGE = 500;

    private final SegmentService segments;
    private final SegmentCatalog catalog;
    private final Segmentation segmentation;
    private final ProfileStore store;
    private final ProfileEventPublisher publisher;
    private final ProfileServiceConfig config;
    private final Timer sweeps;
    private final AtomicBoolean requested = new AtomicBoolean(true);
    private volatile boolean republishPending = true;
    private long sweptGeneration = -1;
    private ScheduledExecutorService executor;

    public SegmentSweeper(SegmentService segments, SegmentCatalog catalog, Segmentation segmentation,
            ProfileStore store, ProfileEventPublisher publisher, ProfileServiceConfig config, MeterRegistry registry) {
        this.segments = segments;
        this.catalog = catalog;
        this.segmentation = segmentation;
        this.store = store;
        this.publisher = publisher;
        this.config = config;
        this.sweeps = Timer.builder("omnijourney.profile.segment.sweep")
                .description("Re-evaluations of every profile's segment memberships").register(registry);
        registry.gauge("omnijourney.profile.segment.evaluation.errors", catalog, SegmentCatalog::errors);
        FunctionCounter.builder("omnijourney.profile.segment.evaluations.over.budget", catalog,
                        SegmentCatalog::overBudget)
                .description("Segment evaluations cut off by the CEL run-time budget (counted as not a member)")
                .register(registry);
    }

    /** Loads the definitions and starts the sweeps (a start-up step, see the service's Startup). */
    public void start() {
        segments.refresh();
        if (!config.segments().sweepEnabled()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "segment-sweeper"));
        long tick = config.segments().refreshInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        long every = config.segments().sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::request, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Asks for a sweep at the next tick. */
    public void request() {
        requested.set(true);
    }

    private void tick() {
        try {
            recordOverBudget();
            segments.refresh();
            long generation = catalog.generation();
            if (generation != sweptGeneration) {
                requested.set(true);
            }
            if (requested.getAndSet(false)) {
                sweeps.record(this::sweepAll);
                sweptGeneration = generation;
            }
        } catch (RuntimeException e) {
            requested.set(true);
            LOG.warnf("segment sweep failed, retrying at the next tick: %s", LogSafe.text(e));
        }
    }

    /** Flags the definitions whose evaluations went over budget since the last tick. */
    public void recordOverBudget() {
        List<SegmentCatalog.OverBudget> cutOffs = catalog.drainOverBudget();
        for (String id : segments.recordOverBudget(cutOffs)) {
            cutOffs.stream().filter(c -> c.segmentId().equals(id)).findFirst().ifPresent(c ->
                    LOG.warnf("segment %s flagged over budget: %s", id, c.reason()));
        }
    }

    /** Re-evaluates every live profile once; returns the number of memberships that changed. */
    public int sweepAll() {
        int changes = 0;
        String after = null;
        boolean republish = republishPending;
        while (true) {
            List<StoredProfile> page = store.page(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            List<Publication> publications = new ArrayList<>();
            for (StoredProfile profile : page) {
                if (republish) {
                    profile.outboxOf(OutboxEntry.SWEEP).forEach(entry -> publications.add(Publication.of(entry)));
                }
                changes += sweep(profile, publications);
            }
            publisher.publishAll(publications);
            after = page.get(page.size() - 1).id();
        }
        republishPending = false;
        if (changes > 0) {
            LOG.infof("segment sweep: %d membership changes over %d segments", changes, catalog.definitions().size());
        }
        return changes;
    }

    private int sweep(StoredProfile profile, List<Publication> publications) {
        Segmentation.Change change = segmentation.evaluate(profile.profile().segments(), profile.profile(),
                OutboxEntry.SWEEP, profile.version() + 1);
        if (change.events().isEmpty()) {
            return 0;
        }
        if (store.replace(profile.with(change.profile()).withOutbox(change.events())).isEmpty()) {
            return 0;
        }
        change.events().forEach(entry -> publications.add(Publication.of(entry)));
        return change.events().size();
    }
}
