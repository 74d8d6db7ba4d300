package io.omnijourney.profile.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.profile.config.ProfileServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The outbox relay of erasure requests: every relay interval it completes the recorded requests that are not purged
 * or not published yet (a failed publication, a crash, a restart), each after its own growing pause. Started by the
 * start-up steps. Several instances may relay the same request: the purge is idempotent and consumers deduplicate
 * {@code profile_erased} on its event id.
 */
@ApplicationScoped
public class ErasureRelay {

    private static final Logger LOG = Logger.getLogger(ErasureRelay.class);
    private static final int BATCH = 100;

    private final Erasures erasures;
    private final ProfileServiceConfig config;
    private final AtomicInteger open = new AtomicInteger();
    private ScheduledExecutorService executor;

    public ErasureRelay(Erasures erasures, ProfileServiceConfig config, MeterRegistry registry) {
        this.erasures = erasures;
        this.config = config;
        Gauge.builder("omnijourney.profile.erasures.open", open, AtomicInteger::get)
                .description("Erasure requests not yet purged or published, as the relay last found them (up to "
                        + BATCH + ")")
                .register(registry);
    }

    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "erasure-relay"));
        long every = config.erasure().relayInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private void tick() {
        try {
            open.set(erasures.completeDue(BATCH));
        } catch (RuntimeException e) {
            // MongoDB unreachable: the next tick tries again.
            LOG.debugf("erasure relay: %s", e.toString());
        }
    }
}
