package io.omnijourney.journey.domain;

import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.journey.domain.JourneyDefinition.ExitCriterion;
import io.omnijourney.journey.domain.JourneyInstance.PathEntry;
import io.omnijourney.journey.domain.JourneyInstance.SendRecord;
import io.omnijourney.journey.domain.JourneyInstance.Status;
import io.omnijourney.journey.domain.JourneyInstance.WaitKind;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The journey step machine: given an instance, its definition and what just happened (entry, a timer, an event),
 * computes the next state and the effects, running steps until the instance parks on a wait or ends. Pure: time,
 * profile and send history come in through {@link Context}.
 */
public final class StepMachine {

    /** A profile's other sends in this journey (other instances), for the frequency cap. */
    @FunctionalInterface
    public interface SendHistory {
        int sendsSince(Instant since);

        static SendHistory none() {
            return since -> 0;
        }
    }

    /**
     * @param event   the CEL {@code event} map (for a timer: the triggering event)
     * @param profile the CEL {@code profile} map, as known now
     * @param zone    the profile's time zone, for quiet hours and times of day
     */
    public record Context(Instant now, Map<String, Object> event, Map<String, Object> profile, ZoneId zone,
            SendHistory history) {
    }

    /** An event as the machine matches it against waits, exit criteria and the goal. */
    public record Occurrence(String messageId, String event, Map<String, Object> properties, Instant at) {
    }

    /** The next state (a copy), the effects to carry out, and whether anything changed at all. */
    public record Advance(JourneyInstance instance, List<Effect> effects, boolean changed) {
    }

    private static final int MAX_STEPS_PER_ADVANCE = 1_000;

    private StepMachine() {
    }

    /** A new instance on the first step; {@link #start} runs it. */
    public static JourneyInstance enter(String instanceId, String journeyId, int version, String profileId,
            JourneyInstance.TriggerEvent trigger, JourneyDefinition definition, Instant now) {
        JourneyInstance instance = new JourneyInstance();
        instance.id = instanceId;
        instance.journeyId = journeyId;
        instance.version = version;
        instance.profileId = profileId;
        instance.trigger = trigger;
        instance.enteredAt = now;
        instance.updatedAt = now;
        instance.stepId = definition.firstStep().id();
        definition.goal().ifPresent(goal -> instance.goalUntil = now.plus(goal.within()));
        if (trigger.messageId() != null) {
            instance.seenEvents.add(trigger.messageId());
        }
        return instance;
    }

    public static Advance start(JourneyDefinition definition, JourneyInstance entered, Context context) {
        JourneyInstance next = entered.copy();
        List<Effect> effects = new ArrayList<>();
        if (heldOut(definition, next)) {
            // The global control group: no step runs, but the conversion goal stays open to measure the uplift.
            record(next, next.stepId, context.now(), JourneyInstance.HOLDOUT);
            end(next, Status.EXITED, JourneyInstance.HOLDOUT, context.now());
            return new Advance(next, effects, true);
        }
        run(definition, next, next.stepId, context, effects, false);
        return new Advance(next, effects, true);
    }

    /** Whether the profile is in the journey's holdout: a stable share of profiles, the same at every entry. */
    public static boolean heldOut(JourneyDefinition definition, JourneyInstance instance) {
        return definition.holdoutPercent() > 0
                && RequestIds.bucket(instance.journeyId, HOLDOUT_BUCKET, instance.profileId)
                        < definition.holdoutPercent();
    }

    /** Not a valid step id, so the holdout draw is independent of every split's. */
    private static final String HOLDOUT_BUCKET = "#holdout";

    /** A timer of the instance is due: a wait ends, a wait for an event times out, or quiet hours are over. */
    public static Advance onTimer(JourneyDefinition definition, JourneyInstance current, Context context) {
        if (!current.active() || current.dueAt == null || current.dueAt.isAfter(context.now())) {
            return new Advance(current, List.of(), false);
        }
        JourneyInstance next = current.copy();
        List<Effect> effects = new ArrayList<>();
        Step step = definition.step(next.stepId).orElseThrow(() -> missingStep(next));
        WaitKind kind = next.waitKind;
        clearWait(next);
        switch (kind) {
            case TIMER -> {
                record(next, step.id(), context.now(), "waited");
                continueWith(definition, next, ((Step.Wait) step).next(), context, effects);
            }
            case EVENT -> {
                record(next, step.id(), context.now(), "timed_out");
                continueWith(definition, next, ((Step.WaitForEvent) step).timedOut(), context, effects);
            }
            case QUIET_HOURS -> run(definition, next, step.id(), context, effects, true);
            case NONE -> {
                return new Advance(current, List.of(), false);
            }
        }
        return new Advance(next, effects, true);
    }

    /**
     * The goal window opens when the triggering event happened, not when this service processed it: an order placed
     * a second after the checkout, while the entry was still on its way through the topics, is a conversion.
     */
    static Instant goalSince(JourneyInstance instance) {
        Instant triggered = instance.trigger == null ? null : instance.trigger.at();
        return triggered != null && triggered.isBefore(instance.enteredAt) ? triggered : instance.enteredAt;
    }

    /** An event of the profile: the goal, then exit criteria, then a wait for it. */
    public static Advance onEvent(JourneyDefinition definition, JourneyInstance current, Occurrence occurrence,
            Context context) {
        if (current.seenEvents.contains(occurrence.messageId())) {
            return new Advance(current, List.of(), false);
        }
        JourneyInstance next = current.copy();
        List<Effect> effects = new ArrayList<>();
        boolean changed = false;
        if (definition.goal().isPresent() && next.convertedAt == null && next.goalUntil != null
                && definition.goal().get().event().equals(occurrence.event())
                && !occurrence.at().isAfter(next.goalUntil) && !occurrence.at().isBefore(goalSince(next))) {
            next.convertedAt = occurrence.at();
            next.convertedStepId = next.lastSendStepId;
            changed = true;
        }
        if (next.active()) {
            Optional<ExitCriterion> exit = definition.exitCriteria().stream()
                    .filter(c -> c.event().equals(occurrence.event())
                            && correlates(c.correlation().orElse(null), next.trigger, occurrence))
                    .findFirst();
            if (exit.isPresent()) {
                record(next, next.stepId, context.now(), "exit_criteria:" + occurrence.event());
                end(next, Status.EXITED, "exit_criteria", context.now());
                changed = true;
            } else if (next.waitKind == WaitKind.EVENT && occurrence.event().equals(next.waitEvent)
                    && correlates(next.correlationProperty, next.trigger, occurrence)) {
                Step.WaitForEvent wait = (Step.WaitForEvent) definition.step(next.stepId)
                        .orElseThrow(() -> missingStep(next));
                clearWait(next);
                record(next, wait.id(), context.now(), "received");
                continueWith(definition, next, wait.received(), context, effects);
                changed = true;
            }
        }
        if (!changed) {
            return new Advance(current, List.of(), false);
        }
        next.seenEvents.add(occurrence.messageId());
        if (next.seenEvents.size() > JourneyInstance.MAX_SEEN_EVENTS) {
            next.seenEvents.remove(0);
        }
        next.updatedAt = context.now();
        return new Advance(next, effects, true);
    }

    /** Ends an active instance from outside (archived journey, erased profile, duplicate after a merge). */
    public static Advance cancel(JourneyInstance current, String reason, Instant now) {
        if (!current.active()) {
            return new Advance(current, List.of(), false);
        }
        JourneyInstance next = current.copy();
        clearWait(next);
        end(next, Status.EXITED, reason, now);
        return new Advance(next, List.of(), true);
    }

    private static void continueWith(JourneyDefinition definition, JourneyInstance instance, String nextStep,
            Context context, List<Effect> effects) {
        if (nextStep == null) {
            end(instance, Status.COMPLETED, null, context.now());
        } else {
            run(definition, instance, nextStep, context, effects, false);
        }
    }

    /**
     * Executes steps from {@code stepId} until one parks the instance or it ends. {@code resumingSend}: the first
     * step is a send deferred by quiet hours, executed now as the same visit (so with the same request id).
     */
    private static void run(JourneyDefinition definition, JourneyInstance instance, String stepId, Context context,
            List<Effect> effects, boolean resumingSend) {
        Instant now = context.now();
        instance.updatedAt = now;
        String current = stepId;
        boolean resume = resumingSend;
        for (int executed = 0; current != null; executed++) {
            if (executed >= MAX_STEPS_PER_ADVANCE) {
                // Validation forbids loops without a wait; this is the guard should that ever be wrong.
                end(instance, Status.EXITED, "step_limit", now);
                return;
            }
            final String id = current;
            Step step = definition.step(id).orElseThrow(() -> missingStep(instance));
            instance.stepId = id;
            int visit = resume ? instance.visits.getOrDefault(id, 1) : instance.visits.merge(id, 1, Integer::sum);
            resume = false;
            if (step instanceof Step.Send send) {
                Optional<Instant> quietUntil = send.category() == MessageCategory.MARKETING
                        ? definition.quietHours().flatMap(q -> quietHoursEnd(q, now, context.zone()))
                        : Optional.empty();
                if (quietUntil.isPresent()) {
                    park(instance, WaitKind.QUIET_HOURS, quietUntil.get());
                    record(instance, id, now, "deferred_quiet_hours");
                    return;
                }
                if (send.category() == MessageCategory.MARKETING && capped(definition, instance, context, effects)) {
                    record(instance, id, now, "skipped_frequency_cap");
                } else {
                    String requestId = RequestIds.request(instance.journeyId, instance.id, id, visit);
                    effects.add(new Effect.SendRequested(requestId, id, send.channels(), send.templateId(),
                            send.category(), send.variables()));
                    instance.sends.add(new SendRecord(id, send.channels().get(0).wireName(), requestId, now));
                    if (instance.sends.size() > JourneyInstance.MAX_SENDS) {
                        instance.sends.remove(0);
                    }
                    instance.lastSendStepId = id;
                    record(instance, id, now, "sent");
                }
                current = send.next();
            } else if (step instanceof Step.Wait wait) {
                park(instance, WaitKind.TIMER, waitEnd(wait, now, context.zone()));
                record(instance, id, now, "waiting");
                return;
            } else if (step instanceof Step.WaitForEvent wait) {
                park(instance, WaitKind.EVENT, now.plus(wait.timeout()));
                instance.waitEvent = wait.event();
                instance.correlationProperty = wait.correlation().orElse(null);
                instance.correlationValue = wait.correlation()
                        .map(p -> text(instance.trigger.properties().get(p))).orElse(null);
                record(instance, id, now, "waiting_for_event");
                return;
            } else if (step instanceof Step.Branch branch) {
                String chosen = branch.otherwise();
                String outcome = "default";
                for (int i = 0; i < branch.cases().size(); i++) {
                    if (branch.cases().get(i).condition().test(context.event(), withVariables(context, instance), now)) {
                        chosen = branch.cases().get(i).next();
                        outcome = "condition:" + i;
                        break;
                    }
                }
                record(instance, id, now, outcome);
                current = chosen;
            } else if (step instanceof Step.RandomSplit split) {
                int bucket = RequestIds.bucket(instance.journeyId, id, instance.profileId);
                int upTo = 0;
                String chosen = null;
                for (int i = 0; i < split.paths().size(); i++) {
                    upTo += split.paths().get(i).percent();
                    if (bucket < upTo) {
                        chosen = split.paths().get(i).next();
                        instance.variants.putIfAbsent(id, i);
                        record(instance, id, now, "path:" + i);
                        break;
                    }
                }
                current = chosen;
            } else if (step instanceof Step.UpdateTrait update) {
                effects.add(new Effect.TraitUpdated(RequestIds.request(instance.journeyId, instance.id, id, visit),
                        id, update.trait(), update.value()));
                instance.variables.put(update.trait(), update.value());
                record(instance, id, now, "trait_updated");
                current = update.next();
            } else if (step instanceof Step.Exit) {
                record(instance, id, now, "exit");
                end(instance, Status.EXITED, "exit_step", now);
                return;
            }
        }
        end(instance, Status.COMPLETED, null, now);
    }

    /** Branches see traits set earlier in the journey before profile-service has applied them. */
    private static Map<String, Object> withVariables(Context context, JourneyInstance instance) {
        if (instance.variables.isEmpty()) {
            return context.profile();
        }
        Map<String, Object> profile = new java.util.LinkedHashMap<>(context.profile());
        Map<String, Object> traits = new java.util.LinkedHashMap<>();
        if (profile.get("traits") instanceof Map<?, ?> known) {
            known.forEach((k, v) -> traits.put(String.valueOf(k), v));
        }
        traits.putAll(instance.variables);
        profile.put("traits", traits);
        return profile;
    }

    private static boolean capped(JourneyDefinition definition, JourneyInstance instance, Context context,
            List<Effect> effects) {
        if (definition.frequencyCap().isEmpty()) {
            return false;
        }
        JourneyDefinition.FrequencyCap cap = definition.frequencyCap().get();
        Instant since = context.now().minus(cap.per());
        long own = instance.sends.stream().filter(s -> s.at().isAfter(since)).count();
        return own + context.history().sendsSince(since) >= cap.maxSends();
    }

    /** The end of the quiet window if {@code now} is inside it, in the profile's local time. */
    public static Optional<Instant> quietHoursEnd(JourneyDefinition.QuietHours quiet, Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean wraps = quiet.start().isAfter(quiet.end());
        boolean inside = wraps ? !time.isBefore(quiet.start()) || time.isBefore(quiet.end())
                : !time.isBefore(quiet.start()) && time.isBefore(quiet.end());
        if (!inside) {
            return Optional.empty();
        }
        ZonedDateTime end = local.with(quiet.end()).withSecond(quiet.end().getSecond()).withNano(0);
        if (!end.isAfter(local)) {
            end = end.plusDays(1).with(quiet.end());
        }
        return Optional.of(end.toInstant());
    }

    /** After the duration, then at the next occurrence of the time of day (if any), profile local time. */
    public static Instant waitEnd(Step.Wait wait, Instant now, ZoneId zone) {
        Instant after = wait.duration().map(now::plus).orElse(now);
        if (wait.until().isEmpty()) {
            return after;
        }
        ZonedDateTime local = after.atZone(zone);
        ZonedDateTime at = local.with(wait.until().get());
        if (at.isBefore(local)) {
            at = local.plusDays(1).with(wait.until().get());
        }
        return at.toInstant();
    }

    static boolean correlates(String property, JourneyInstance.TriggerEvent trigger, Occurrence occurrence) {
        if (property == null) {
            return true;
        }
        String expected = text(trigger.properties().get(property));
        return expected == null || Objects.equals(expected, text(occurrence.properties().get(property)));
    }

    /** Correlation compares values as text: an id sent as a number by one source and a string by another matches. */
    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static void park(JourneyInstance instance, WaitKind kind, Instant dueAt) {
        instance.waitKind = kind;
        instance.dueAt = dueAt;
    }

    private static void clearWait(JourneyInstance instance) {
        instance.waitKind = WaitKind.NONE;
        instance.dueAt = null;
        instance.waitEvent = null;
        instance.correlationProperty = null;
        instance.correlationValue = null;
    }

    private static void end(JourneyInstance instance, Status status, String reason, Instant now) {
        instance.status = status;
        instance.exitReason = reason;
        instance.endedAt = now;
        instance.updatedAt = now;
        clearWait(instance);
    }

    private static void record(JourneyInstance instance, String stepId, Instant at, String outcome) {
        instance.path.add(new PathEntry(stepId, at, outcome));
        if (instance.path.size() > JourneyInstance.MAX_PATH) {
            instance.path.remove(0);
        }
    }

    private static IllegalStateException missingStep(JourneyInstance instance) {
        return new IllegalStateException("instance " + instance.id + " is on step '" + instance.stepId
                + "', which its journey version does not have");
    }
}
