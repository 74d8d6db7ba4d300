package io.omnijourney.console.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One named series of a chart: a value per category (an hour, a day, a week), null where there is none (a line
 * leaves a gap there, a bar is not drawn).
 */
public record ChartSeries(String name, List<Double> values) {

    public ChartSeries {
        name = Objects.requireNonNullElse(name, "");
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** Whether any value is there (zero counts as a value). */
    public boolean hasValues() {
        return values.stream().anyMatch(Objects::nonNull);
    }
}
