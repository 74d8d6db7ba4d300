package io.omnijourney.journey.app;

import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.journey.domain.Effect;
import io.omnijourney.journey.domain.JourneyDefinition;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.journey.domain.RequestIds;
import io.omnijourney.journey.domain.StepMachine;
import io.omnijourney.journey.config.JourneyServiceConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which active journeys an event would start for a profile, and the path each would take up to its first wait. */
public class Simulator {

    private final TriggerIndex index;
    private final JourneyRuntime runtime;
    private final ProfileCache profiles;
    private final Clock clock;
    private final JourneyServiceConfig config;

    public Simulator(TriggerIndex index, JourneyRuntime runtime, ProfileCache profiles, Clock clock,
            JourneyServiceConfig config) {
        this.index = index;
        this.runtime = runtime;
        this.profiles = profiles;
        this.clock = clock;
        this.config = config;
    }

    /** A {@code track} event as a marketer describes it for a simulation; it happens now. */
    public record SimulatedEvent(String messageId, String name, Channel channel, Map<String, Object> properties) {
    }

    public record Simulation(String journeyId, int version, String name, boolean wouldStart, String reason,
            List<JourneyInstance.PathEntry> path, List<SimulatedSend> sends, String stopsAt, String waitKind,
            Instant waitsUntil, String status) {
    }

    public record SimulatedSend(String stepId, List<String> channels, String templateId, String category) {
    }

    /**
     * Nothing is written or sent. The profile is {@code profile} when given, else the latest snapshot of
     * {@code profileId} seen on {@code profile-events} (not found: {@link JourneyException}), else an empty one. With
     * {@code profileId}, entry rules are checked against that profile's real instances; without it, as for a profile
     * that never entered.
     */
    public List<Simulation> simulate(SimulatedEvent simulated, ProfileSnapshot profile, String profileId) {
        Instant now = clock.instant();
        TouchpointEvent event = TouchpointEventBuilder.of(EventType.TRACK).messageId(simulated.messageId())
                .event(simulated.name()).properties(simulated.properties()).channel(simulated.channel())
                .sourceId("simulation").timestamp(now).receivedAt(now).build();
        ProfileSnapshot subject = profile;
        if (subject == null && profileId != null) {
            subject = profiles.find(profileId).orElseThrow(() -> new JourneyException(JourneyException.Kind.NOT_FOUND,
                    "profile '" + profileId + "' (not seen by journey-service) not found"));
        }
        return simulate(event, subject == null ? ProfileViews.empty() : subject, profileId, now);
    }

    private List<Simulation> simulate(TouchpointEvent event, ProfileSnapshot profile, String profileId, Instant now) {
        String subject = profileId == null ? "simulated-profile" : profileId;
        Map<String, Object> eventView = ProfileViews.event(event);
        List<Simulation> results = new ArrayList<>();
        for (TriggerIndex.Candidate candidate : index.candidates(event.event())) {
            JourneyDefinition def = candidate.definition();
            String refused = null;
            if (def.trigger() instanceof JourneyDefinition.EventTrigger trigger) {
                if (!trigger.channels().isEmpty() && !trigger.channels().contains(event.channel())) {
                    refused = "channel_not_in_trigger";
                } else if (trigger.condition().isPresent() && !trigger.condition().get()
                        .test(eventView, ProfileViews.profile(subject, profile), now)) {
                    refused = "trigger_condition_false";
                }
            }
            if (refused == null) {
                EntryDecision decision = profileId == null
                        ? audienceOnly(def, eventView, profile, subject, now)
                        : runtime.entryDecision(candidate, profileId, eventView, profile, now);
                refused = decision.allowed() ? null : decision.reason();
            }
            if (refused != null) {
                results.add(new Simulation(candidate.journeyId(), candidate.version(), candidate.name(), false,
                        refused, List.of(), List.of(), null, null, null, null));
                continue;
            }
            JourneyInstance.TriggerEvent cause = new JourneyInstance.TriggerEvent(event.messageId(), event.event(),
                    event.properties(), event.timestamp());
            JourneyInstance entered = StepMachine.enter(RequestIds.instance(candidate.journeyId(), subject,
                    event.messageId()), candidate.journeyId(), candidate.version(), subject, cause, def, now);
            StepMachine.Advance advance = StepMachine.start(def, entered, new StepMachine.Context(now, eventView,
                    ProfileViews.profile(subject, profile), ProfileViews.zone(profile, config.defaultTimezone()),
                    StepMachine.SendHistory.none()));
            JourneyInstance after = advance.instance();
            List<SimulatedSend> sends = advance.effects().stream().filter(e -> e instanceof Effect.SendRequested)
                    .map(e -> (Effect.SendRequested) e)
                    .map(s -> new SimulatedSend(s.stepId(), s.channels().stream().map(c -> c.wireName()).toList(),
                            s.templateId(), s.category().wireName())).toList();
            results.add(new Simulation(candidate.journeyId(), candidate.version(), candidate.name(), true, null,
                    after.path, sends, after.active() ? after.stepId : null,
                    after.active() ? after.waitKind.name().toLowerCase(java.util.Locale.ROOT) : null,
                    after.dueAt, after.status.name().toLowerCase(java.util.Locale.ROOT)));
        }
        return results;
    }

    private static EntryDecision audienceOnly(JourneyDefinition def, Map<String, Object> eventView,
            ProfileSnapshot profile, String subject, Instant now) {
        if (def.audience().isPresent()
                && !def.audience().get().test(eventView, ProfileViews.profile(subject, profile), now)) {
            return EntryDecision.refused("not_in_audience");
        }
        return EntryDecision.ALLOWED;
    }
}
