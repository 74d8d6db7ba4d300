package io.omnijourney.journey.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.journey.config.JourneyServiceConfig;
import io.omnijourney.journey.domain.Effect;
import io.omnijourney.journey.domain.JourneyDefinition;
import io.omnijourney.journey.domain.JourneyDefinition.Reentry;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.journey.domain.RequestIds;
import io.omnijourney.journey.domain.StepMachine;
import io.omnijourney.journey.domain.StepMachine.Advance;
import io.omnijourney.journey.domain.StepMachine.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs journeys: starts instances for the events that trigger them, advances instances on their events and timers,
 * follows merges and erasures. Every change of an instance is one conditional MongoDB write that carries the messages
 * it causes (the outbox); the caller publishes the returned {@link Pending} messages and then marks them published.
 * Handling the same event again changes nothing and returns the same pending messages, with the same ids.
 */
public class JourneyRuntime {

    private static final Logger LOG = Logger.getLogger(JourneyRuntime.class);
    private static final int MAX_ATTEMPTS = 5;
    /** Messages an instance's outbox holds at most: a transition waits until they are published. */
    public static final int MAX_OUTBOX = 100;
    public static final String SEGMENT_ENTERED_EVENT = "Segment Entered";
    public static final String MANUAL_EVENT = "Manual Enrollment";

    private final TriggerIndex index;
    private final DefinitionCache definitions;
    private final InstanceStore instances;
    private final ProfileCache profiles;
    private final StatsStore counters;
    private final Clock clock;
    private final JourneyServiceConfig config;
    private final Counter started;
    private final Counter requests;

    public JourneyRuntime(TriggerIndex index, DefinitionCache definitions, InstanceStore instances,
            ProfileCache profiles, StatsStore counters, Clock clock, JourneyServiceConfig config,
            MeterRegistry registry) {
        this.index = index;
        this.definitions = definitions;
        this.instances = instances;
        this.profiles = profiles;
        this.counters = counters;
        this.clock = clock;
        this.config = config;
        this.started = Counter.builder("omnijourney.journey.instances.started").register(registry);
        this.requests = Counter.builder("omnijourney.journey.messages.written")
                .description("Notification requests and trait updates written to instance outboxes").register(registry);
    }

    /** Handles one event and writes its effects at once. */
    public List<Pending> handle(ProfileEvent event) {
        UnitOfWork unit = immediateUnit();
        List<Pending> pending = handle(event, unit);
        unit.commit();
        return pending;
    }

    /** A unit whose writes are queued until {@link UnitOfWork#commit()} (one consumer poll). */
    public UnitOfWork deferredUnit() {
        return UnitOfWork.deferred(instances, profiles, counters, this::keepSendsAfter);
    }

    private UnitOfWork immediateUnit() {
        return UnitOfWork.immediate(instances, profiles, counters, this::keepSendsAfter);
    }

    /** A finished instance's sends its journey's frequency cap may still count: those inside the cap's window. */
    private Instant keepSendsAfter(JourneyInstance finished) {
        return definitions.get(finished.journeyId, finished.version).frequencyCap()
                .map(cap -> clock.instant().minus(cap.per())).orElse(null);
    }

    /**
     * Reads in bulk, into {@code unit}, what handling these events will read: the profiles' documents, their live
     * instances, and the instances the events would start if their journeys' conditions and entry rules let them.
     */
    public void prefetch(List<ProfileEvent> events, UnitOfWork unit) {
        List<String> starts = new ArrayList<>();
        for (ProfileEvent event : events) {
            String key = switch (event.kind()) {
                case TOUCHPOINT -> event.touchpoint().type() == EventType.TRACK ? event.touchpoint().event() : null;
                case SEGMENT_ENTERED -> JourneyDefinition.SegmentTrigger.KEY_PREFIX + event.segment().segmentId();
                default -> null;
            };
            if (key == null) {
                continue;
            }
            String messageId = event.kind() == io.omnijourney.contract.profile.ProfileEventKind.TOUCHPOINT
                    ? event.touchpoint().messageId() : event.eventId();
            for (TriggerIndex.Candidate candidate : index.candidates(key)) {
                starts.add(instanceId(candidate, event.profileId(), new JourneyInstance.TriggerEvent(messageId, key,
                        Map.of(), event.occurredAt())));
            }
        }
        unit.prefetch(profilesOf(events), starts);
    }

    /** The profiles whose documents handling these events reads. */
    public static List<String> profilesOf(List<ProfileEvent> events) {
        List<String> ids = new ArrayList<>();
        for (ProfileEvent event : events) {
            if (event.kind() == io.omnijourney.contract.profile.ProfileEventKind.PROFILE_MERGED) {
                ids.add(event.merge().fromProfileId());
                ids.add(event.merge().intoProfileId());
            } else if (event.profileId() != null) {
                ids.add(event.profileId());
            }
        }
        return ids;
    }

    /**
     * Handles one event inside {@code unit}: reads through it, queues writes in it. The returned messages may be
     * published only after the unit is committed.
     */
    public List<Pending> handle(ProfileEvent event, UnitOfWork unit) {
        return switch (event.kind()) {
            case TOUCHPOINT -> onTouchpoint(event, unit);
            case SEGMENT_ENTERED -> onSegmentEntered(event, unit);
            case SEGMENT_EXITED -> List.of();
            case PROFILE_MERGED -> onMerged(event.merge().fromProfileId(), event.merge().intoProfileId(), unit);
            case PROFILE_ERASED -> onErased(event.profileId(), unit);
        };
    }

    private List<Pending> onTouchpoint(ProfileEvent event, UnitOfWork unit) {
        String profileId = event.profileId();
        TouchpointEvent touchpoint = event.touchpoint();
        ProfileSnapshot profile = unit.saveSnapshot(profileId, event.profile(), event.occurredAt());
        Instant now = clock.instant();
        String name = touchpoint.type() == EventType.TRACK ? touchpoint.event() : null;
        Map<String, Object> eventView = ProfileViews.event(touchpoint);
        List<Pending> pending = new ArrayList<>();
        if (name != null) {
            StepMachine.Occurrence occurrence = new StepMachine.Occurrence(touchpoint.messageId(), name,
                    touchpoint.properties(), touchpoint.timestamp());
            for (StoredInstance stored : unit.relevantFor(profileId, now)) {
                advance(unit, stored, (s, def) -> StepMachine.onEvent(def, s.instance(), occurrence,
                        context(unit, now, eventView, profile, s.instance())), profile).ifPresent(pending::add);
            }
        } else {
            unit.relevantFor(profileId, now).stream().filter(s -> !s.outbox().isEmpty())
                    .forEach(s -> pending.add(new Pending(s.instance().id, s.instance().revision, s.outbox())));
        }
        List<TriggerIndex.Candidate> candidates = index.candidates(name);
        Map<String, Object> profileView = candidates.isEmpty() ? Map.of() : ProfileViews.profile(profileId, profile);
        for (TriggerIndex.Candidate candidate : candidates) {
            if (candidate.definition().trigger() instanceof JourneyDefinition.EventTrigger trigger
                    && (trigger.channels().isEmpty() || trigger.channels().contains(touchpoint.channel()))
                    && trigger.condition().map(c -> c.test(eventView, profileView, now)).orElse(true)) {
                JourneyInstance.TriggerEvent cause = new JourneyInstance.TriggerEvent(touchpoint.messageId(), name,
                        touchpoint.properties(), touchpoint.timestamp());
                start(unit, candidate, profileId, cause, eventView, profile, now).ifPresent(pending::add);
            }
        }
        return dedupe(pending);
    }

    private List<Pending> onSegmentEntered(ProfileEvent event, UnitOfWork unit) {
        String profileId = event.profileId();
        ProfileSnapshot profile = unit.snapshot(profileId).orElse(ProfileViews.empty());
        Instant now = clock.instant();
        Map<String, Object> properties = Map.of("segmentId", event.segment().segmentId(), "segmentName",
                event.segment().segmentName() == null ? "" : event.segment().segmentName());
        JourneyInstance.TriggerEvent cause = new JourneyInstance.TriggerEvent(event.eventId(), SEGMENT_ENTERED_EVENT,
                properties, event.occurredAt());
        List<Pending> pending = new ArrayList<>();
        for (TriggerIndex.Candidate candidate : index.candidates(
                JourneyDefinition.SegmentTrigger.KEY_PREFIX + event.segment().segmentId())) {
            start(unit, candidate, profileId, cause, ProfileViews.event(cause), profile, now).ifPresent(pending::add);
        }
        return pending;
    }

    /** Starts a journey for each profile (manual enrollment), with the profile as last seen here. */
    public Map<String, String> enroll(TriggerIndex.Candidate candidate, List<String> profileIds, String enrollmentId,
            List<Pending> pending) {
        Map<String, String> outcome = new java.util.LinkedHashMap<>();
        Instant now = clock.instant();
        UnitOfWork unit = immediateUnit();
        for (String profileId : profileIds) {
            ProfileSnapshot profile = unit.snapshot(profileId).orElse(ProfileViews.empty());
            JourneyInstance.TriggerEvent cause = new JourneyInstance.TriggerEvent("manual:" + enrollmentId,
                    MANUAL_EVENT, Map.of(), now);
            String id = instanceId(candidate, profileId, cause);
            Optional<StoredInstance> earlier = unit.find(id);
            if (earlier.isPresent()) {
                // A repeated enrollment request starts nothing, but still owes what its first attempt wrote.
                outcome.put(profileId, "already_enrolled");
                earlier.filter(s -> !s.outbox().isEmpty())
                        .ifPresent(s -> pending.add(new Pending(s.instance().id, s.instance().revision, s.outbox())));
                continue;
            }
            EntryDecision decision = entryDecision(unit, candidate, profileId, id, ProfileViews.event(cause), profile,
                    now);
            if (!decision.allowed()) {
                outcome.put(profileId, decision.reason());
                continue;
            }
            start(unit, candidate, profileId, cause, ProfileViews.event(cause), profile, now).ifPresent(pending::add);
            outcome.put(profileId, "started");
        }
        unit.commit();
        return outcome;
    }

    /** Whether the profile may enter now: entry rules, then the audience condition. */
    public EntryDecision entryDecision(TriggerIndex.Candidate candidate, String profileId,
            Map<String, Object> eventView, ProfileSnapshot profile, Instant now) {
        return entryDecision(immediateUnit(), candidate, profileId, null, eventView, profile, now);
    }

    /**
     * {@code startingId}: the instance about to start, left out of the earlier ones (a crash may have listed it in
     * the profile's document without inserting it; the redelivered event must still start it).
     */
    private EntryDecision entryDecision(UnitOfWork unit, TriggerIndex.Candidate candidate, String profileId,
            String startingId, Map<String, Object> eventView, ProfileSnapshot profile, Instant now) {
        JourneyDefinition def = candidate.definition();
        List<JourneyInstance> live = unit.liveOf(profileId, candidate.journeyId()).stream()
                .filter(i -> !i.id.equals(startingId)).toList();
        // Finished instances are no longer listed: the journey's entry record remembers the entries.
        Optional<Instant> lastEntry = unit.entry(profileId, candidate.journeyId())
                .flatMap(e -> e.lastEntryBefore(startingId));
        Reentry reentry = def.entry().reentry();
        if (reentry == Reentry.NEVER && (lastEntry.isPresent() || !live.isEmpty())) {
            return EntryDecision.refused("already_entered");
        }
        if (reentry == Reentry.AFTER_EXIT && live.stream().anyMatch(JourneyInstance::active)) {
            return EntryDecision.refused("already_active");
        }
        if (lastEntry.isPresent() && !def.entry().cooldown().isZero()
                && lastEntry.get().plus(def.entry().cooldown()).isAfter(now)) {
            return EntryDecision.refused("cooldown");
        }
        if (unit.liveCount(profileId) >= ProfileCache.MAX_LIVE) {
            return EntryDecision.refused("live_limit");
        }
        if (def.audience().isPresent()
                && !def.audience().get().test(eventView, ProfileViews.profile(profileId, profile), now)) {
            return EntryDecision.refused("not_in_audience");
        }
        return EntryDecision.ALLOWED;
    }

    private Optional<Pending> start(UnitOfWork unit, TriggerIndex.Candidate candidate, String profileId,
            JourneyInstance.TriggerEvent cause, Map<String, Object> eventView, ProfileSnapshot profile, Instant now) {
        String id = instanceId(candidate, profileId, cause);
        Optional<StoredInstance> existing = unit.find(id);
        if (existing.isPresent()) {
            // A redelivered trigger: the instance exists; what it still owes is published again, nothing more.
            return existing.filter(s -> !s.outbox().isEmpty()).map(s -> new Pending(id, s.instance().revision, s.outbox()));
        }
        if (!entryDecision(unit, candidate, profileId, id, eventView, profile, now).allowed()) {
            return Optional.empty();
        }
        JourneyDefinition def = candidate.definition();
        JourneyInstance entered = StepMachine.enter(id, candidate.journeyId(), candidate.version(), profileId, cause,
                def, now);
        Advance advance = StepMachine.start(def, entered, context(unit, now, eventView, profile, entered));
        List<OutboxMessage> messages = messages(unit, advance, profile, now);
        if (!unit.insert(advance.instance(), messages)) {
            return unit.find(id).filter(s -> !s.outbox().isEmpty()).map(s -> new Pending(id, s.instance().revision, s.outbox()));
        }
        started.increment();
        requests.increment(messages.size());
        return messages.isEmpty() ? Optional.empty() : Optional.of(new Pending(id, 1, messages));
    }

    private static String instanceId(TriggerIndex.Candidate candidate, String profileId,
            JourneyInstance.TriggerEvent cause) {
        // A journey entered at most once per profile gets one id per profile: MongoDB's _id enforces the rule.
        return candidate.definition().entry().reentry() == Reentry.NEVER
                ? RequestIds.instance(candidate.journeyId(), profileId, null)
                : RequestIds.instance(candidate.journeyId(), profileId, cause.messageId());
    }

    /** A due timer, claimed by the caller: advance the instance past it. */
    public Optional<Pending> fire(StoredInstance claimed) {
        Instant now = clock.instant();
        UnitOfWork unit = immediateUnit();
        unit.seed(claimed);
        String profileId = claimed.instance().profileId;
        ProfileSnapshot profile = profileId == null ? ProfileViews.empty()
                : unit.snapshot(profileId).orElse(ProfileViews.empty());
        return advance(unit, claimed, (s, def) -> StepMachine.onTimer(def, s.instance(),
                context(unit, now, ProfileViews.event(s.instance().trigger), profile, s.instance())), profile);
    }

    private List<Pending> onMerged(String from, String into, UnitOfWork unit) {
        Instant now = clock.instant();
        List<Pending> pending = new ArrayList<>();
        List<StoredInstance> losers = unit.instancesOf(from, true);
        List<StoredInstance> survivors = unit.instancesOf(into, false);
        // Listed in the survivor's document before they move, so a crash in between loses none of them; finished
        // ones are not listed anywhere (their entries move with the loser's entry records).
        unit.absorbEntries(from, into);
        unit.instancesOf(from, false).forEach(loser -> unit.list(into, loser.instance()));
        for (StoredInstance loser : losers) {
            boolean duplicate = loser.instance().active() && survivors.stream().anyMatch(s -> s.instance().active()
                    && s.instance().journeyId.equals(loser.instance().journeyId));
            advance(unit, loser, (s, def) -> {
                Advance moved = duplicate ? StepMachine.cancel(s.instance(), "merged_duplicate", now)
                        : new Advance(s.instance().copy(), List.of(), true);
                moved.instance().profileId = into;
                return new Advance(moved.instance(), List.of(), true);
            }, ProfileViews.empty()).ifPresent(pending::add);
        }
        unit.deleteProfile(from);
        LOG.debugf("merge followed: instances moved to the surviving profile");
        return pending;
    }

    private List<Pending> onErased(String profileId, UnitOfWork unit) {
        Instant now = clock.instant();
        for (StoredInstance stored : unit.instancesOf(profileId, true)) {
            advance(unit, stored, (s, def) -> StepMachine.cancel(s.instance(), "erased", now), ProfileViews.empty());
            unit.scrub(stored.instance().id);
        }
        unit.deleteProfile(profileId);
        return List.of();
    }

    /** Journeys archived since the instance entered end it at its next step. */
    private Advance archivedOr(StoredInstance s, JourneyDefinition def,
            java.util.function.BiFunction<StoredInstance, JourneyDefinition, Advance> step) {
        if (s.instance().active()
                && index.status(s.instance().journeyId).orElse(JourneyStatus.ACTIVE) == JourneyStatus.ARCHIVED) {
            return StepMachine.cancel(s.instance(), "archived", clock.instant());
        }
        return step.apply(s, def);
    }

    /**
     * Applies a transition with optimistic concurrency: on a lost race (a timer and an event on the same instance)
     * the instance is read again and the transition recomputed from the fresh state.
     */
    private Optional<Pending> advance(UnitOfWork unit, StoredInstance first,
            java.util.function.BiFunction<StoredInstance, JourneyDefinition, Advance> step, ProfileSnapshot profile) {
        StoredInstance current = first;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (current.outbox().size() >= MAX_OUTBOX) {
                // Nothing more is appended until what is there is published (the broker has been away for long):
                // the timer fires again after its lease, the event finds the outbox published next time.
                return Optional.of(new Pending(current.instance().id, current.instance().revision, current.outbox()));
            }
            JourneyDefinition def = definitions.get(current.instance().journeyId, current.instance().version);
            Advance advance = archivedOr(current, def, step);
            if (!advance.changed()) {
                return current.outbox().isEmpty() ? Optional.empty()
                        : Optional.of(new Pending(current.instance().id, current.instance().revision, current.outbox()));
            }
            List<OutboxMessage> messages = messages(unit, advance, profile, clock.instant());
            if (unit.update(advance.instance(), current.instance().revision, messages)) {
                requests.increment(messages.size());
                List<OutboxMessage> all = new ArrayList<>(current.outbox());
                all.addAll(messages);
                return all.isEmpty() ? Optional.empty() : Optional.of(new Pending(current.instance().id, current.instance().revision + 1, all));
            }
            Optional<StoredInstance> reread = unit.find(current.instance().id);
            if (reread.isEmpty()) {
                return Optional.empty();
            }
            current = reread.get();
        }
        throw new IllegalStateException("instance " + first.instance().id + " kept changing under us");
    }

    /** The messages of a transition, in the trace of the event the unit is handling (if any). */
    private List<OutboxMessage> messages(UnitOfWork unit, Advance advance, ProfileSnapshot profile, Instant now) {
        List<OutboxMessage> messages = new ArrayList<>();
        for (Effect effect : advance.effects()) {
            Optional<OutboxMessage> message = Messages.of(effect, advance.instance(), profile, now);
            if (message.isPresent()) {
                messages.add(message.get().tracedBy(unit.cause()));
            } else {
                LOG.warnf("instance %s: trait update at step %s skipped, the profile has no addressable identifier",
                        advance.instance().id, ((Effect.TraitUpdated) effect).stepId());
            }
        }
        return messages;
    }

    Context context(UnitOfWork unit, Instant now, Map<String, Object> eventView, ProfileSnapshot profile,
            JourneyInstance instance) {
        return new Context(now, eventView, ProfileViews.profile(instance.profileId, profile),
                ProfileViews.zone(profile, config.defaultTimezone()),
                since -> (int) (unit.liveOf(instance.profileId, instance.journeyId).stream()
                        .filter(i -> !i.id.equals(instance.id))
                        .flatMap(i -> i.sends.stream()).filter(s -> s.at().isAfter(since)).count()
                        + unit.entry(instance.profileId, instance.journeyId).stream()
                                .flatMap(e -> e.sends().stream()).filter(at -> at.isAfter(since)).count()));
    }

    private static List<Pending> dedupe(List<Pending> pending) {
        Map<String, Pending> byInstance = new java.util.LinkedHashMap<>();
        pending.forEach(p -> byInstance.put(p.instanceId(), p));
        return List.copyOf(byInstance.values());
    }
}
