package io.omnijourney.contract.touchpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The times a touchpoint may carry, checked again by every consumer when it decodes one. Ingest bounds client-supplied
 * times at the edge (within a window it may narrow, never widen); a record outside these bounds was not produced by a
 * correct ingest and is a poison record. Arithmetic saturates: no instant, however absurd, makes a check throw.
 */
public final class TouchpointTimes {

    /** No touchpoint happened, was sent or was received before this. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** How far after {@code receivedAt} a client-supplied time may lie (clocks that run ahead, time zones). */
    public static final Duration MAX_AHEAD_OF_RECEIPT = Duration.ofDays(1);

    /** Beyond this a receipt time is absurd (and would overflow epoch milliseconds long before the end of Instant). */
    public static final Instant LATEST_RECEIPT = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private TouchpointTimes() {
    }

    /** The latest acceptable client time for an event received at {@code receivedAt}. */
    public static Instant latestFor(Instant receivedAt, Duration maxAhead) {
        return plusSaturating(receivedAt, maxAhead);
    }

    /** {@code instant + amount}, clamped to {@link Instant#MIN}..{@link Instant#MAX} instead of throwing. */
    public static Instant plusSaturating(Instant instant, Duration amount) {
        if (amount.isNegative()) {
            return minusSaturating(instant, amount.negated());
        }
        // Compared in whole seconds, with a second to spare for the nanoseconds: no exception on the common path
        // (Duration.between against Instant.MAX throws and catches internally, 60,000 times a second at full load).
        if (instant.getEpochSecond() < Instant.MAX.getEpochSecond() - amount.getSeconds() - 1) {
            return instant.plus(amount);
        }
        Duration room = Duration.between(instant, Instant.MAX);
        return amount.compareTo(room) >= 0 ? Instant.MAX : instant.plus(amount);
    }

    /** {@code instant - amount}, clamped to {@link Instant#MIN}..{@link Instant#MAX} instead of throwing. */
    public static Instant minusSaturating(Instant instant, Duration amount) {
        if (amount.isNegative()) {
            return plusSaturating(instant, amount.negated());
        }
        if (instant.getEpochSecond() > Instant.MIN.getEpochSecond() + amount.getSeconds() + 1) {
            return instant.minus(amount);
        }
        Duration room = Duration.between(Instant.MIN, instant);
        return amount.compareTo(room) >= 0 ? Instant.MIN : instant.minus(amount);
    }

    /** What is wrong with the event's times, if anything. */
    public static Optional<String> problem(TouchpointEvent event) {
        Instant receivedAt = event.receivedAt();
        if (receivedAt.isBefore(EARLIEST) || receivedAt.isAfter(LATEST_RECEIPT)) {
            return Optional.of("receivedAt " + receivedAt + " is outside " + EARLIEST + " .. " + LATEST_RECEIPT);
        }
        Instant latest = latestFor(receivedAt, MAX_AHEAD_OF_RECEIPT);
        return outside("timestamp", event.timestamp(), latest)
                .or(() -> outside("originalTimestamp", event.originalTimestamp(), latest))
                .or(() -> outside("sentAt", event.sentAt(), latest));
    }

    private static Optional<String> outside(String field, Instant value, Instant latest) {
        if (value == null || (!value.isBefore(EARLIEST) && !value.isAfter(latest))) {
            return Optional.empty();
        }
        return Optional.of(field + " " + value + " is outside " + EARLIEST + " .. receivedAt + "
                + MAX_AHEAD_OF_RECEIPT);
    }
}
