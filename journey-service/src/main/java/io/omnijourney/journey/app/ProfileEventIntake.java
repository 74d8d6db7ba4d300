package io.omnijourney.journey.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileEventKind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What happens to a poll of {@code profile-events}: the poll is one {@link UnitOfWork}. The profile documents and live
 * instances it concerns are read in bulk, its events are handled in order (one profile's events come from one
 * partition, so per profile in order), the unit's writes are committed in bulk, and the messages the events caused are
 * then published and marked published ({@link OutboxFlusher}). Each message keeps the trace of the event that caused
 * it. An erasure drops the poll's messages of the erased profile that are not published yet: nothing goes out for a
 * person after their erasure. Once the poll's writes are durable and its messages published, each erasure of an
 * erasure request is acknowledged on {@code erasure-acks} (the ackId is deterministic: acknowledging a redelivered
 * erasure again changes nothing downstream). The fates of sent messages the poll reports are counted on their steps
 * ({@link SendFates}).
 *
 * <p>Applying a poll again (after a failure, or records redelivered after a crash) changes nothing that was applied
 * and publishes the same messages again, with the same ids: handling is idempotent (deterministic ids, conditional
 * writes, outboxes). When an instance changed in MongoDB while the unit was computed (a timer fired on it), the commit
 * throws {@link UnitOfWork.ConcurrentChangeException} and nothing is published: the poll is to be applied again.
 */
public final class ProfileEventIntake {

    /** A profile event as received, with the trace context of its record ({@code traceparent}; null: none). */
    public record Received(ProfileEvent event, String traceparent) {
    }

    private final JourneyRuntime runtime;
    private final OutboxFlusher flusher;
    private final ErasureAcknowledgements acknowledgements;
    private final SendFates fates;
    private final Clock clock;
    private final Timer applied;

    /** An intake that counts no fates of sent messages (benchmarks of the journey runtime). */
    public ProfileEventIntake(JourneyRuntime runtime, OutboxFlusher flusher, ErasureAcknowledgements acknowledgements,
            Clock clock, MeterRegistry registry) {
        this(runtime, flusher, acknowledgements, null, clock, registry);
    }

    /** @param fates counts what the poll's delivery and engagement events report of journeys' messages */
    public ProfileEventIntake(JourneyRuntime runtime, OutboxFlusher flusher, ErasureAcknowledgements acknowledgements,
            SendFates fates, Clock clock, MeterRegistry registry) {
        this.runtime = runtime;
        this.flusher = flusher;
        this.acknowledgements = acknowledgements;
        this.fates = fates;
        this.clock = clock;
        this.applied = Timer.builder("omnijourney.journey.poll")
                .description("Time to apply one poll of profile-events: bulk reads, handling, commit, publication")
                .register(registry);
    }

    /** Applies the events of a poll, in order, and publishes what they caused; durable when it returns. */
    public void apply(List<Received> events) {
        long started = System.nanoTime();
        UnitOfWork unit = runtime.deferredUnit();
        runtime.prefetch(events.stream().map(Received::event).toList(), unit);
        Map<String, Pending> pending = new LinkedHashMap<>();
        List<ProfileEvent> erasures = new ArrayList<>();
        for (Received received : events) {
            ProfileEvent event = received.event();
            unit.causedBy(received.traceparent());
            if (event.kind() == ProfileEventKind.PROFILE_ERASED) {
                pending.values().removeIf(p -> p.messages().stream().anyMatch(m -> event.profileId().equals(m.key())));
                erasures.add(event);
            }
            // The latest outbox of an instance includes its earlier pending messages: publish each message once.
            for (Pending p : runtime.handle(event, unit)) {
                pending.put(p.instanceId(), p);
            }
        }
        unit.commit();
        flusher.flush(List.copyOf(pending.values()));
        if (fates != null) {
            fates.record(events.stream().map(Received::event).toList());
        }
        acknowledgements.acknowledge(acknowledgementsOf(erasures));
        applied.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** One per erased profile of an erasure request (erasures of older versions name none and are not acknowledged). */
    private List<ErasureAck> acknowledgementsOf(List<ProfileEvent> erasures) {
        Instant now = clock.instant();
        return erasures.stream().filter(e -> e.erasure() != null && e.erasure().erasureId() != null)
                .map(e -> ErasureAck.of(e.erasure().erasureId(), e.profileId(), ErasureAcknowledgements.SERVICE, now))
                .toList();
    }
}
