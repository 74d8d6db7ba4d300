package io.omnijourney.notification.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.notification.domain.DeliveryState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What happens to the notification requests of a poll. The erasure and consent of their profiles are read in bulk
 * first ({@link ProfileStates#facts}: a change that arrives while the poll is sent applies from the next poll on).
 * The requests are then grouped into lanes by key (the profile id): a lane delivers its requests one after the
 * other, in order ({@link DeliveryService}: ledger claim, erasure, consent, cap, render, send with retries), in the
 * trace each request came with; lanes run side by side on a bounded pool. This returns when every lane has ended,
 * so no request is ever handled by two workers at once.
 *
 * <p>A lane stops at a request it cannot finish: one held by another instance, one waiting for this service's copy of
 * the profile to reach the request's version, or a failure (MongoDB away, or
 * something wrong with the request itself). The poll is then {@link Incomplete} and must be applied again, in whole
 * or in part: the ledger makes that safe (a request is sent at most once; one already final yields the same outcome
 * again). When every request is final, the poll is {@link Completed}: each request's outcome event is to be
 * published, and a failed one also set aside with its reason.
 */
public final class RequestIntake implements AutoCloseable {

    /** A request as it came: the lane it belongs to (its record key, the profile id) and its trace. */
    public record Incoming(String lane, NotificationRequest request, Trace trace) {
    }

    /** What became of a poll's requests. */
    public sealed interface Result permits Completed, Incomplete {
    }

    /** Every request is final: their outcomes, in the order the requests came. */
    public record Completed(List<Delivered> delivered) implements Result {
    }

    /**
     * A request's outcome event, to publish, and for a failed delivery the reason (null otherwise).
     */
    public record Delivered(TouchpointEvent outcome, String failure) {
    }

    /**
     * Some lanes stopped early: what they threw, and the requests held (by another instance, or waiting for the
     * profile copy to catch up). Nothing is to be published yet; the poll is to be applied again.
     */
    public record Incomplete(List<Throwable> failures, List<String> held) implements Result {
    }

    private final DeliveryService delivery;
    private final ProfileStates profiles;
    private final MeterRegistry registry;
    private final ExecutorService lanes;

    public RequestIntake(DeliveryService delivery, ProfileStates profiles, MeterRegistry registry, int concurrency) {
        this.delivery = delivery;
        this.profiles = profiles;
        this.registry = registry;
        AtomicInteger count = new AtomicInteger();
        this.lanes = concurrency <= 1 ? null : Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "notification-request-lane-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Delivers the requests of a poll, each lane in order; returns once every lane has ended. */
    public Result apply(List<Incoming> requests) {
        Set<String> profileIds = new LinkedHashSet<>();
        requests.forEach(r -> profileIds.add(r.request().profileId()));
        ProfileStates.Facts facts = profiles.facts(profileIds);
        Delivered[] delivered = new Delivered[requests.size()];
        List<Throwable> failures = new ArrayList<>();
        List<String> held = new ArrayList<>();
        List<List<Integer>> byLane = lanes(requests);
        if (lanes == null || byLane.size() == 1) {
            byLane.forEach(lane -> runLane(lane, requests, facts, delivered, failures, held));
        } else {
            List<Future<?>> running = new ArrayList<>(byLane.size());
            byLane.forEach(lane -> running.add(lanes.submit(() -> runLane(lane, requests, facts, delivered,
                    failures, held))));
            awaitAll(running, failures);
        }
        if (!failures.isEmpty() || !held.isEmpty()) {
            return new Incomplete(List.copyOf(failures), List.copyOf(held));
        }
        return new Completed(Arrays.asList(delivered));
    }

    /** The positions of the requests of each lane, in order; a request without a key has a lane of its own. */
    private static List<List<Integer>> lanes(List<Incoming> requests) {
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        List<List<Integer>> lanes = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            String key = requests.get(i).lane();
            if (key == null) {
                lanes.add(List.of(i));
            } else {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        lanes.addAll(byKey.values());
        return lanes;
    }

    private void runLane(List<Integer> lane, List<Incoming> requests, ProfileStates.Facts facts,
            Delivered[] delivered, List<Throwable> failures, List<String> held) {
        for (int index : lane) {
            Incoming incoming = requests.get(index);
            try (Trace.Scope scope = incoming.trace().enter()) {
                long start = System.nanoTime();
                DeliveryService.Result result = delivery.handle(incoming.request(), facts,
                        incoming.trace().traceId());
                if (!(result instanceof DeliveryService.Result.Final done)) {
                    // Held by another instance, or waiting for the profile copy. The rest of the lane waits: one
                    // profile's requests are delivered in order.
                    synchronized (held) {
                        held.add(incoming.request().requestId());
                    }
                    return;
                }
                LedgerEntry entry = done.entry();
                record(entry, System.nanoTime() - start);
                delivered[index] = new Delivered(OutcomeEvents.outcome(incoming.request(), entry, done.identity(),
                        delivery.survey(incoming.request(), entry).orElse(null)),
                        entry.state() == DeliveryState.FAILED ? entry.reason() : null);
            } catch (RuntimeException | StackOverflowError e) {
                synchronized (failures) {
                    failures.add(e);
                }
                return;
            }
        }
    }

    private void record(LedgerEntry entry, long nanos) {
        String channel = entry.channel() == null ? "none" : entry.channel();
        registry.counter("omnijourney.notification.outcomes", "state", entry.state().wireName(), "channel", channel)
                .increment();
        registry.timer("omnijourney.notification.handling", "state", entry.state().wireName(), "channel", channel)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Waits for every lane, interrupted or not: no lane may still run under the next poll. */
    private static void awaitAll(List<Future<?>> running, List<Throwable> failures) {
        boolean interrupted = false;
        for (Future<?> lane : running) {
            while (true) {
                try {
                    lane.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    synchronized (failures) {
                        failures.add(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (lanes != null) {
            lanes.shutdown();
        }
    }
}
