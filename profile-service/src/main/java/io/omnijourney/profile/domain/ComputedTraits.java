package io.omnijourney.profile.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Traits derived from events rather than sent as traits.
 *
 * @param lifetimeRevenue completed orders' {@code revenue} (else {@code total}) minus refunded amounts
 * @param lastActivityAt the latest event the person caused; our own sends and their delivery reports do not count
 */
public record ComputedTraits(long orderCount, long refundCount, BigDecimal lifetimeRevenue, Instant lastOrderAt,
                             Score lastNps, Score lastCsat, Score lastCes, Instant lastActivityAt) {

    public static final ComputedTraits NONE =
            new ComputedTraits(0, 0, BigDecimal.ZERO, null, null, null, null, null);

    public ComputedTraits {
        Objects.requireNonNull(lifetimeRevenue, "lifetimeRevenue");
        if (orderCount < 0 || refundCount < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }

    /** Computed on read: stored, it would be stale the next day. Never negative, whatever the event clocks said. */
    public OptionalLong daysSinceLastActivity(Instant now) {
        if (lastActivityAt == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, Duration.between(lastActivityAt, now).toDays()));
    }

    public Score lastScore(SurveyScale scale) {
        return switch (scale) {
            case NPS -> lastNps;
            case CSAT -> lastCsat;
            case CES -> lastCes;
        };
    }

    ComputedTraits withScore(SurveyScale scale, Score score) {
        Score newer = LastWriteWins.newer(lastScore(scale), score);
        return new ComputedTraits(orderCount, refundCount, lifetimeRevenue, lastOrderAt,
                scale == SurveyScale.NPS ? newer : lastNps,
                scale == SurveyScale.CSAT ? newer : lastCsat,
                scale == SurveyScale.CES ? newer : lastCes,
                lastActivityAt);
    }

    ComputedTraits withOrder(Instant at, BigDecimal revenue) {
        return new ComputedTraits(orderCount + 1, refundCount, lifetimeRevenue.add(revenue),
                Times.max(lastOrderAt, at), lastNps, lastCsat, lastCes, lastActivityAt);
    }

    ComputedTraits withRefund(BigDecimal refunded) {
        return new ComputedTraits(orderCount, refundCount + 1, lifetimeRevenue.subtract(refunded), lastOrderAt,
                lastNps, lastCsat, lastCes, lastActivityAt);
    }

    ComputedTraits withActivity(Instant at) {
        return new ComputedTraits(orderCount, refundCount, lifetimeRevenue, lastOrderAt, lastNps, lastCsat, lastCes,
                Times.max(lastActivityAt, at));
    }

    ComputedTraits combine(ComputedTraits other) {
        return new ComputedTraits(orderCount + other.orderCount, refundCount + other.refundCount,
                lifetimeRevenue.add(other.lifetimeRevenue), Times.max(lastOrderAt, other.lastOrderAt),
                LastWriteWins.newer(lastNps, other.lastNps), LastWriteWins.newer(lastCsat, other.lastCsat),
                LastWriteWins.newer(lastCes, other.lastCes), Times.max(lastActivityAt, other.lastActivityAt));
    }
}
