package io.omnijourney.journey.app;

import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileEventKind;
import io.omnijourney.contract.touchpoint.MessageFate;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.journey.domain.Step;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What became of the messages journeys sent, counted on the step that sent them: the delivery and engagement events
 * that name a journey's request ({@code requestId}, {@code journeyId}, {@code stepId} in their properties) become one
 * count per message and fate, however often they arrive. Provider webhooks (SendGrid's events carry the identifiers
 * notification-service put in {@code X-SMTPAPI}; Twilio's status callbacks carry them in the callback URL) and
 * notification-service's own reports (opens, clicks, push opens, unsubscribes) produce them.
 *
 * <p>Only events of the message channels count ({@link MessageFate}), so that a public web or app write key cannot
 * inflate a journey's statistics, and only for a step of a published version of an existing journey. A fate is
 * claimed once ({@link FateMarks}) before it is counted: a redelivered or repeated event counts nothing, and a crash
 * between the claim and the count loses that count (never counts it twice), as with {@link UnitOfWork}'s counters.
 */
public final class SendFates {

    /** A fate claimed for one message: {@code id} is the request id and the fate. */
    public record Mark(String id, String journeyId, String stepId, MessageFate fate) {
    }

    /** {@code RequestIds.request}: only a journey's request has a fate counted here. */
    private static final Pattern REQUEST_ID = Pattern.compile("jr-[0-9a-f]{32}");
    private static final int MAX_ID = 200;

    private final FateMarks marks;
    private final StatsStore counters;
    private final JourneyStore journeys;
    private final DefinitionCache definitions;

    public SendFates(FateMarks marks, StatsStore counters, JourneyStore journeys, DefinitionCache definitions) {
        this.marks = marks;
        this.counters = counters;
        this.journeys = journeys;
        this.definitions = definitions;
    }

    /** Counts the fates the events report that were not counted before; durable when it returns. */
    public void record(List<ProfileEvent> events) {
        Map<String, Mark> candidates = new LinkedHashMap<>();
        Map<String, Set<String>> stepsOf = new HashMap<>();
        for (ProfileEvent event : events) {
            mark(event).filter(m -> publishedSteps(m.journeyId(), stepsOf).contains(m.stepId()))
                    .ifPresent(m -> candidates.putIfAbsent(m.id(), m));
        }
        if (candidates.isEmpty()) {
            return;
        }
        Set<String> claimed = marks.claim(candidates.values());
        StatCounts counts = new StatCounts();
        candidates.values().stream().filter(m -> claimed.contains(m.id()))
                .forEach(m -> counts.fate(m.journeyId(), m.stepId(), m.fate()));
        if (!counts.isEmpty()) {
            counters.add(counts);
        }
    }

    /** The fate an event reports of a journey's message, if it is one. */
    static Optional<Mark> mark(ProfileEvent event) {
        if (event.kind() != ProfileEventKind.TOUCHPOINT || event.touchpoint() == null) {
            return Optional.empty();
        }
        TouchpointEvent touchpoint = event.touchpoint();
        MessageFate fate = MessageFate.of(touchpoint).orElse(null);
        if (fate == null || touchpoint.properties() == null) {
            return Optional.empty();
        }
        String requestId = text(touchpoint.properties().get("requestId"));
        String journeyId = text(touchpoint.properties().get("journeyId"));
        String stepId = text(touchpoint.properties().get("stepId"));
        if (requestId == null || !REQUEST_ID.matcher(requestId).matches() || journeyId == null || stepId == null) {
            return Optional.empty();
        }
        return Optional.of(new Mark(requestId + "/" + fate.wireName(), journeyId, stepId, fate));
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isEmpty() && s.length() <= MAX_ID ? s : null;
    }

    /** The step ids of the journey's published versions (none for an unknown journey), read once per poll. */
    private Set<String> publishedSteps(String journeyId, Map<String, Set<String>> stepsOf) {
        return stepsOf.computeIfAbsent(journeyId, id -> {
            Set<String> steps = new HashSet<>();
            journeys.find(id).ifPresent(journey -> {
                for (int version = 1; version <= journey.publishedVersion(); version++) {
                    definitions.get(id, version).steps().stream().map(Step::id).forEach(steps::add);
                }
            });
            return steps;
        });
    }

    /** Claims of fates: each mark id is claimed at most once, ever. */
    public interface FateMarks {

        /** Records the marks not recorded yet; returns the ids of those this call recorded. */
        Set<String> claim(Collection<Mark> marks);
    }
}
