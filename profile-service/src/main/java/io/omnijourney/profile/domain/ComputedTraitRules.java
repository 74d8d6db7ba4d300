package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How one event moves the computed traits. */
final class ComputedTraitRules {

    /** Reports about what we sent: they say nothing about whether the person is active. */
    static final Set<String> NOT_ACTIVITY = Set.of(EventNames.EMAIL_DELIVERED, EventNames.EMAIL_BOUNCED,
            EventNames.NOTIFICATION_SENT, EventNames.NOTIFICATION_FAILED);

    private ComputedTraitRules() {
    }

    static WithRefusals<ComputedTraits> apply(ComputedTraits current, TouchpointEvent event) {
        EventStamp source = EventStamp.of(event);
        List<Refusal> refused = new ArrayList<>();
        ComputedTraits next = current;
        boolean track = event.type() == EventType.TRACK && event.event() != null;
        if (!track || !NOT_ACTIVITY.contains(event.event())) {
            next = next.withActivity(EventStamp.happenedAt(event));
        }
        if (track) {
            next = switch (event.event()) {
                case EventNames.ORDER_COMPLETED -> next.withOrder(EventStamp.happenedAt(event),
                        amount(event.properties(), false, refused, source).orElse(BigDecimal.ZERO));
                case EventNames.ORDER_REFUNDED -> next.withRefund(
                        amount(event.properties(), true, refused, source).map(BigDecimal::abs).orElse(BigDecimal.ZERO));
                case EventNames.SURVEY_RESPONDED -> withScores(next, event.properties(), refused, source);
                default -> next;
            };
        }
        return new WithRefusals<>(next, refused);
    }

    /**
     * {@code revenue}, else {@code total}; absent means unknown, not refused. A refund's amount is taken as a size
     * ({@code abs}) because senders disagree on whether refunds are negative; an order's must not be negative.
     */
    private static Optional<BigDecimal> amount(Map<String, Object> properties, boolean negativeAllowed,
                                               List<Refusal> refused, EventStamp source) {
        if (properties == null) {
            return Optional.empty();
        }
        String field = properties.get("revenue") != null ? "revenue" : "total";
        Object raw = properties.get(field);
        if (raw == null) {
            return Optional.empty();
        }
        Optional<BigDecimal> amount = Amounts.parse(raw).filter(a -> negativeAllowed || a.signum() >= 0);
        if (amount.isEmpty()) {
            refused.add(Refusal.of(field, raw, RefusalReason.INVALID_AMOUNT, source));
        }
        return amount;
    }

    private static ComputedTraits withScores(ComputedTraits current, Map<String, Object> properties,
                                             List<Refusal> refused, EventStamp source) {
        if (properties == null) {
            return current;
        }
        ComputedTraits next = current;
        for (SurveyScale scale : SurveyScale.values()) {
            Object raw = properties.get(scale.property());
            if (raw == null) {
                continue;
            }
            Optional<Integer> score = scale.read(raw);
            if (score.isPresent()) {
                next = next.withScore(scale, Score.of(score.get(), source));
            } else {
                refused.add(Refusal.of(scale.property(), raw, RefusalReason.SCORE_OUT_OF_RANGE, source));
            }
        }
        return next;
    }
}
