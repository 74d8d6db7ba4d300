package io.omnijourney.console.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The value axis of a chart: bounds widened to round steps (1, 2, 2.5 or 5 times a power of ten) around the data,
 * so that its tick labels read well. Negative values (an NPS of -40) get a scale below zero.
 */
public record ChartScale(double min, double max, double step) {

    /** A scale holding every value in [low, high] with about {@code ticks} steps; an empty span becomes one step. */
    public static ChartScale around(double low, double high, int ticks) {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            low = 0;
            high = 1;
        }
        if (low > high) {
            double t = low;
            low = high;
            high = t;
        }
        if (high - low < 1e-9) {
            // All values equal (all zeros): a span of one above (or, for a negative value, around) them.
            high = low >= 0 ? low + 1 : low + Math.abs(low) * 0.5 + 1;
            low = low >= 0 ? low : low - Math.abs(low) * 0.5;
        }
        double step = nice((high - low) / Math.max(1, ticks));
        double min = Math.floor(low / step + 1e-9) * step;
        double max = Math.ceil(high / step - 1e-9) * step;
        return new ChartScale(min, max == min ? min + step : max, step);
    }

    /** A fixed scale (NPS from -100 to 100, CSAT from 1 to 5). */
    public static ChartScale fixed(double min, double max, double step) {
        return new ChartScale(min, max, step);
    }

    /** The tick values from min to max. */
    public List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; min + i * step <= max + step * 1e-6 && i < 100; i++) {
            ticks.add(round(min + i * step));
        }
        return ticks;
    }

    /** Where {@code value} falls between 0 (min) and 1 (max), clamped. */
    public double fraction(double value) {
        double f = (value - min) / (max - min);
        return Math.max(0, Math.min(1, f));
    }

    static double nice(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    /** A scale from zero (or below, for negative values) to the largest finite value of the series, in 4 steps. */
    static ChartScale covering(java.util.List<ChartSeries> series) {
        double low = 0;
        double high = 0;
        for (ChartSeries s : series) {
            for (Double v : s.values()) {
                if (v != null && Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        return around(low, high, 4);
    }
}
