package io.omnijourney.journey.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One profile's run through one published version of a journey. Mutable on purpose, but only ever changed on a
 * private {@link #copy()} inside {@link StepMachine}: the stored state and the computed next state stay distinct,
 * which is what the optimistic write (on {@link #revision}) compares.
 */
public final class JourneyInstance {

    public enum Status { ACTIVE, COMPLETED, EXITED }

    /** What an active instance is parked on. */
    public enum WaitKind { NONE, TIMER, EVENT, QUIET_HOURS }

    /** The event that started the instance: its properties feed correlation, conditions and templates. */
    public record TriggerEvent(String messageId, String event, Map<String, Object> properties, Instant at) {
        public TriggerEvent {
            properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new LinkedHashMap<>(properties));
        }
    }

    /** A step the instance went through and what happened there. */
    public record PathEntry(String stepId, Instant at, String outcome) {
    }

    /** A message requested by a send step. */
    public record SendRecord(String stepId, String channel, String requestId, Instant at) {
    }

    /** Kept per instance so a step reached again (a loop with a wait) gets a new, still deterministic, request id. */
    public static final int MAX_PATH = 500;
    public static final int MAX_SEEN_EVENTS = 50;
    /**
     * Sends kept per instance (the newest): as many as the largest frequency cap counts, so the cap stays exact; a
     * loop with a wait and a send would otherwise grow the document for ever.
     */
    public static final int MAX_SENDS = 1_000;

    public String id;
    public String journeyId;
    public int version;
    public String profileId;
    public TriggerEvent trigger;
    public Status status = Status.ACTIVE;
    public String exitReason;
    public String stepId;
    public WaitKind waitKind = WaitKind.NONE;
    public Instant dueAt;
    public String waitEvent;
    public String correlationProperty;
    public String correlationValue;
    public Map<String, Integer> visits = new LinkedHashMap<>();
    /** The path (variant) taken at each random split step the instance went through, by step id. */
    public Map<String, Integer> variants = new LinkedHashMap<>();
    public List<PathEntry> path = new ArrayList<>();
    public List<SendRecord> sends = new ArrayList<>();
    public Map<String, Object> variables = new LinkedHashMap<>();
    public List<String> seenEvents = new ArrayList<>();
    public Instant enteredAt;
    public Instant updatedAt;
    public Instant endedAt;
    public Instant goalUntil;
    public Instant convertedAt;
    public String convertedStepId;
    public String lastSendStepId;
    /** Incremented by every stored change; the store writes only over the revision it read. */
    public long revision;

    public JourneyInstance copy() {
        JourneyInstance c = new JourneyInstance();
        c.id = id;
        c.journeyId = journeyId;
        c.version = version;
        c.profileId = profileId;
        c.trigger = trigger;
        c.status = status;
        c.exitReason = exitReason;
        c.stepId = stepId;
        c.waitKind = waitKind;
        c.dueAt = dueAt;
        c.waitEvent = waitEvent;
        c.correlationProperty = correlationProperty;
        c.correlationValue = correlationValue;
        c.visits = new LinkedHashMap<>(visits);
        c.variants = new LinkedHashMap<>(variants);
        c.path = new ArrayList<>(path);
        c.sends = new ArrayList<>(sends);
        c.variables = new LinkedHashMap<>(variables);
        c.seenEvents = new ArrayList<>(seenEvents);
        c.enteredAt = enteredAt;
        c.updatedAt = updatedAt;
        c.endedAt = endedAt;
        c.goalUntil = goalUntil;
        c.convertedAt = convertedAt;
        c.convertedStepId = convertedStepId;
        c.lastSendStepId = lastSendStepId;
        c.revision = revision;
        return c;
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    /** Exit reason of an entrant held out by the journey's global control group: it got nothing. */
    public static final String HOLDOUT = "holdout";

    public boolean heldOut() {
        return status == Status.EXITED && HOLDOUT.equals(exitReason);
    }
}
