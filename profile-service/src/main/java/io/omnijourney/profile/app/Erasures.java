package io.omnijourney.profile.app;

import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.profile.domain.MergeRecord;
import io.omnijourney.profile.domain.Profile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * GDPR erasure as a durable request. Asking records the request first ({@link ErasureRequests}: its id, the profile
 * ids concerned, the time, and its outbox entry in the same document), then purges this service's data and publishes
 * {@code profile_erased} for each profile id, carrying the erasure id. Whatever fails after the request is recorded
 * (MongoDB, the broker, a crash) is completed by the {@link ErasureRelay}, with retries, until the broker has
 * acknowledged every event. The other services acknowledge their own purge on {@code erasure-acks}; the request's
 * {@link ErasureStatus} shows each service's completion.
 */
public final class Erasures {

    private static final Logger LOG = Logger.getLogger(Erasures.class);
    public static final String THIS_SERVICE = "profile-service";

    private final ErasureRequests requests;
    private final ErasureAckLog acks;
    private final ErasureService purges;
    private final ProfileQueries profiles;
    private final ProfileEventPublisher publisher;
    private final Clock clock;
    private final Settings settings;

    /**
     * @param acknowledging  the services expected to acknowledge every erasure (their {@code service} in the acks)
     * @param retryBackoff   the first pause before a failed publication is tried again; doubles per failure
     * @param retryBackoffMax the longest pause between two attempts
     */
    public record Settings(List<String> acknowledging, Duration retryBackoff, Duration retryBackoffMax) {

        public Settings {
            acknowledging = List.copyOf(acknowledging);
        }
    }

    public Erasures(ErasureRequests requests, ErasureAckLog acks, ErasureService purges, ProfileQueries profiles,
            ProfileEventPublisher publisher, Clock clock, Settings settings) {
        this.requests = requests;
        this.acks = acks;
        this.purges = purges;
        this.profiles = profiles;
        this.publisher = publisher;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Requests the erasure of the person with this profile id (or a profile merged into them): the request already
     * recorded for it, or a new one. Empty when the id is unknown and was never erased. The request is durable when
     * this returns; its purge and publication are attempted at once and otherwise completed by the relay.
     */
    public Optional<ErasureStatus> request(String profileId) {
        Optional<ErasureRequest> existing = requests.bySubject(profileId);
        ErasureRequest request;
        if (existing.isPresent()) {
            request = existing.get();
        } else {
            Optional<Profile> live = profiles.live(profileId);
            if (live.isEmpty()) {
                return Optional.empty();
            }
            Set<String> ids = new LinkedHashSet<>();
            ids.add(live.get().id());
            live.get().merges().stream().map(MergeRecord::fromProfileId).forEach(ids::add);
            request = requests.recordIfAbsent(ErasureRequest.of(live.get().id(), List.copyOf(ids), clock.instant()));
            requests.addSubjects(request.erasureId(), ids);
        }
        if (!request.finished()) {
            try {
                request = complete(request);
            } catch (RuntimeException e) {
                LOG.warnf("erasure %s recorded; completing it failed and is left to the relay: %s",
                        request.erasureId(), e.toString());
                request = requests.byId(request.erasureId()).orElse(request);
            }
        }
        return Optional.of(statusOf(request));
    }

    /** Purges (if not done) and publishes (if pending); returns the request as it now stands. */
    ErasureRequest complete(ErasureRequest request) {
        String id = request.erasureId();
        if (!request.purged()) {
            ErasureService.Purged purged = purges.purge(request.profileIds());
            List<String> added = purged.profileIds().stream().filter(p -> !request.profileIds().contains(p)).toList();
            if (!added.isEmpty()) {
                requests.addSubjects(id, added);
            }
            requests.markPurged(id, new ErasureRequest.Purge(clock.instant(), purged.identifiers(),
                    purged.timelineEntries()));
        }
        ErasureRequest current = requests.byId(id).orElseThrow();
        if (!current.published()) {
            publish(current);
        }
        return requests.byId(id).orElseThrow();
    }

    private void publish(ErasureRequest request) {
        List<Publication> events = request.profileIds().stream()
                .map(p -> Publication.of(ProfileEvent.erased(p, request.erasureId(), request.requestedAt())))
                .toList();
        try {
            publisher.publishAll(events);
        } catch (RuntimeException e) {
            int attempts = request.publication().attempts() + 1;
            requests.publicationFailed(request.erasureId(), attempts, e.getMessage(),
                    clock.instant().plus(backoff(attempts)));
            throw e;
        }
        requests.markPublished(request.erasureId(), clock.instant());
        LOG.infof("erasure %s: profile_erased published for %d profile ids", request.erasureId(),
                request.profileIds().size());
    }

    private Duration backoff(int attempts) {
        Duration pause = settings.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return pause.compareTo(settings.retryBackoffMax()) > 0 ? settings.retryBackoffMax() : pause;
    }

    /**
     * Completes the unfinished requests whose next attempt is due (the relay's tick); returns how many are still
     * unfinished. A request that fails again is left for a later tick, with its attempt counted.
     */
    public int completeDue(int limit) {
        Instant now = clock.instant();
        int left = 0;
        for (ErasureRequest request : requests.unfinished(limit)) {
            Instant next = request.publication().nextAttemptAt();
            if (next != null && next.isAfter(now)) {
                left++;
                continue;
            }
            try {
                complete(request);
            } catch (RuntimeException e) {
                left++;
                LOG.warnf("erasure %s: completion failed (attempt %d), retrying later: %s", request.erasureId(),
                        request.publication().attempts() + 1, e.toString());
            }
        }
        return left;
    }

    /** What became of an acknowledgement. */
    public enum AckResult { RECORDED, DUPLICATE, UNKNOWN_ERASURE, UNKNOWN_PROFILE, UNKNOWN_SERVICE }

    /** Records another service's acknowledgement of its purge (idempotent: an ack is kept once). */
    public AckResult acknowledge(ErasureAck ack) {
        Optional<ErasureRequest> request = requests.byId(ack.erasureId());
        if (!settings.acknowledging().contains(ack.service())) {
            return AckResult.UNKNOWN_SERVICE;
        }
        if (request.isEmpty()) {
            return AckResult.UNKNOWN_ERASURE;
        }
        if (!request.get().profileIds().contains(ack.profileId())) {
            return AckResult.UNKNOWN_PROFILE;
        }
        ErasureAck normalized = ErasureAck.of(ack.erasureId(), ack.profileId(), ack.service(), ack.completedAt());
        return acks.record(normalized) ? AckResult.RECORDED : AckResult.DUPLICATE;
    }

    /** The request and each service's completion. */
    public Optional<ErasureStatus> status(String erasureId) {
        return requests.byId(erasureId).map(this::statusOf);
    }

    ErasureStatus statusOf(ErasureRequest request) {
        List<ErasureStatus.ServiceCompletion> services = new ArrayList<>();
        services.add(request.purged()
                ? ErasureStatus.ServiceCompletion.done(THIS_SERVICE, request.purge().at(), request.profileIds().size(),
                        request.profileIds().size())
                : ErasureStatus.ServiceCompletion.pending(THIS_SERVICE, 0, request.profileIds().size()));
        Map<String, List<ErasureAck>> byService = acks.of(request.erasureId()).stream()
                .filter(a -> request.profileIds().contains(a.profileId()))
                .collect(Collectors.groupingBy(ErasureAck::service, TreeMap::new, Collectors.toList()));
        for (String service : settings.acknowledging()) {
            List<ErasureAck> of = byService.getOrDefault(service, List.of());
            long profilesDone = of.stream().map(ErasureAck::profileId).distinct().count();
            int total = request.profileIds().size();
            services.add(profilesDone >= total
                    ? ErasureStatus.ServiceCompletion.done(service, of.stream().map(ErasureAck::completedAt)
                            .max(Comparator.naturalOrder()).orElseThrow(), (int) profilesDone, total)
                    : ErasureStatus.ServiceCompletion.pending(service, (int) profilesDone, total));
        }
        return new ErasureStatus(request, services);
    }
}
