package io.omnijourney.journey.app;

import io.omnijourney.kit.logging.LogSafe;
import io.omnijourney.journey.config.JourneyServiceConfig;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The service's periodic work: the trigger index refresh, sharing over-budget flags, the timer scheduler and the
 * outbox relay. Started by the
 * start-up steps once the stores are ready, stopped with the application.
 */
public class BackgroundJobs {

    private static final Logger LOG = Logger.getLogger(BackgroundJobs.class);

    private final TriggerIndex index;
    private final OutboxRelay relay;
    private final JourneyServiceConfig config;
    private final TimerScheduler scheduler;
    private final DefinitionCache definitions;
    private ScheduledExecutorService periodic;

    public BackgroundJobs(TriggerIndex index, OutboxRelay relay, JourneyServiceConfig config,
            InstanceStore instances, JourneyRuntime runtime, OutboxFlusher flusher, Clock clock) {
        this(index, relay, config, instances, runtime, flusher, clock, null);
    }

    /** @param definitions whose over-budget flags are shared periodically (at the trigger index's interval) */
    public BackgroundJobs(TriggerIndex index, OutboxRelay relay, JourneyServiceConfig config,
            InstanceStore instances, JourneyRuntime runtime, OutboxFlusher flusher, Clock clock,
            DefinitionCache definitions) {
        this.definitions = definitions;
        this.index = index;
        this.relay = relay;
        this.config = config;
        this.scheduler = new TimerScheduler(null, instances, runtime, flusher, clock, config.timers().lease(),
                config.timers().pollInterval(), config.timers().threads());
    }

    /** The scheduler of this service instance (tests stop and start it to simulate a restart). */
    public TimerScheduler scheduler() {
        return scheduler;
    }

    /** Loads the trigger index, then starts the periodic refresh, the relay and (when enabled) the timers. */
    public void start() {
        index.refresh();
        periodic = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "journey-background");
            t.setDaemon(true);
            return t;
        });
        long refresh = config.index().refreshInterval().toMillis();
        periodic.scheduleWithFixedDelay(() -> guarded("trigger index refresh", index::refresh), refresh, refresh,
                TimeUnit.MILLISECONDS);
        if (definitions != null) {
            periodic.scheduleWithFixedDelay(() -> guarded("condition flags", definitions::shareFlags), refresh,
                    refresh, TimeUnit.MILLISECONDS);
        }
        long relayEvery = config.outbox().relayInterval().toMillis();
        periodic.scheduleWithFixedDelay(() -> guarded("outbox relay", () -> relay.relay(config.outbox().staleAfter())),
                relayEvery, relayEvery, TimeUnit.MILLISECONDS);
        if (config.timers().enabled()) {
            scheduler.start();
        }
    }

    public void stop() {
        scheduler.stop();
        if (periodic != null) {
            periodic.shutdownNow();
        }
    }

    private static void guarded(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            LOG.warnf("%s failed, next run as scheduled: %s", what, LogSafe.text(e));
        }
    }
}
