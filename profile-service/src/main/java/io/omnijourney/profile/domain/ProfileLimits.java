package io.omnijourney.profile.domain;

/**
 * Bounds on what one profile document may hold, so that no client can grow one without end.
 *
 * @param maxTraits distinct trait keys, cleared ones included (they still hold their timestamp)
 * @param maxTraitValueLength characters of any string inside a trait value; longer values are refused, not cut,
 *     because a cut value would be stored as if it were what the client sent
 * @param maxEventCounters distinct event names counted
 * @param maxRefusals refusals kept, the most recent by event time
 */
public record ProfileLimits(int maxTraits, int maxTraitValueLength, int maxEventCounters, int maxRefusals) {

    public static final ProfileLimits DEFAULTS = new ProfileLimits(500, 2_048, 500, 200);

    public ProfileLimits {
        if (maxTraits < 1 || maxTraitValueLength < 1 || maxEventCounters < 1 || maxRefusals < 1) {
            throw new IllegalArgumentException("profile limits must be at least 1");
        }
    }
}
