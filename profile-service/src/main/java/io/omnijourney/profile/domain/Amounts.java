package io.omnijourney.profile.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Money amounts from event properties, as {@link BigDecimal}: sums of many orders must not drift as doubles do, and
 * storage keeps them as Decimal128. The JSON codec hands over decimals as doubles; {@link BigDecimal#valueOf(double)}
 * takes the shortest decimal spelling, which is what the client sent. Currencies are not converted: lifetime revenue
 * assumes one currency per deployment.
 */
final class Amounts {

    static final int SCALE = 4;
    private static final BigDecimal MAX = new BigDecimal("1000000000000");

    private Amounts() {
    }

    /** Empty for anything that is not a finite number within bounds, including strings that do not parse. */
    static Optional<BigDecimal> parse(Object raw) {
        BigDecimal amount;
        try {
            if (raw instanceof Double d) {
                amount = d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
            } else if (raw instanceof Float f) {
                amount = f.isNaN() || f.isInfinite() ? null : new BigDecimal(f.toString());
            } else if (raw instanceof Number n) {
                amount = new BigDecimal(n.toString());
            } else if (raw instanceof String s) {
                amount = new BigDecimal(s.trim());
            } else {
                amount = null;
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // Exponents like 1e-999999999 would make later sums allocate a billion digits: bound them before arithmetic.
        if (amount == null || Math.abs(amount.scale()) > 100 || amount.abs().compareTo(MAX) > 0) {
            return Optional.empty();
        }
        return Optional.of(amount.scale() > SCALE ? amount.setScale(SCALE, RoundingMode.HALF_EVEN) : amount);
    }
}
