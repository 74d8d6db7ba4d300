package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;

/** The survey scores a {@code Survey Responded} event may carry, each with its valid range. */
public enum SurveyScale {
    NPS("nps", 0, 10),
    CSAT("csat", 1, 5),
    CES("ces", 1, 7);

    private final String property;
    private final int min;
    private final int max;

    SurveyScale(String property, int min, int max) {
        this.property = property;
        this.min = min;
        this.max = max;
    }

    public String property() {
        return property;
    }

    /**
     * The survey a send asks: notification-service's {@code Notification Sent} whose {@code survey} property names
     * one of these scales (anything else is no survey send).
     */
    public static Optional<SurveyScale> askedBy(TouchpointEvent event) {
        if (!EventNames.NOTIFICATION_SENT.equals(event.event()) || event.properties() == null
                || !(event.properties().get("survey") instanceof String kind)) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(scale -> scale.property.equals(kind)).findFirst();
    }

    /** A whole number inside the range; {@code 8.0} counts as 8, {@code 8.5} and {@code "eight"} count as nothing. */
    public Optional<Integer> read(Object raw) {
        BigDecimal number;
        try {
            number = raw instanceof Number n ? new BigDecimal(n.toString())
                    : raw instanceof String s ? new BigDecimal(s.trim()) : null;
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (number == null || number.stripTrailingZeros().scale() > 0) {
            return Optional.empty();
        }
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            return Optional.empty();
        }
        return Optional.of(number.intValueExact());
    }
}
