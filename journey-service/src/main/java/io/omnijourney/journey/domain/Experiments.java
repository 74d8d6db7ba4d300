package io.omnijourney.journey.domain;

/**
 * The statistics of an experiment: conversion rates with 95% Wilson score intervals, lift against a control, and the
 * two-sided p-value of the pooled two-proportion z-test. Pure arithmetic on counts, so that the numbers a marketer
 * reads can be checked by hand.
 */
public final class Experiments {

    /** z for a two-sided 95% interval. */
    static final double Z95 = 1.959963984540054;

    private Experiments() {
    }

    /** Conversions out of entries: rate and its 95% interval (all null without entries). */
    public record Rate(long entered, long conversions, Double rate, Double ci95Low, Double ci95High) {
    }

    /** A variant against the control: relative lift and p-value (null where they are undefined). */
    public record Comparison(Double lift, Double pValue, boolean significant) {
    }

    public static Rate rate(long entered, long conversions) {
        if (entered <= 0) {
            return new Rate(Math.max(entered, 0), Math.max(conversions, 0), null, null, null);
        }
        long x = Math.max(0, Math.min(conversions, entered));
        double n = entered;
        double p = x / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Rate(entered, conversions, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** {@code variant} against {@code control}; a p-value below 0.05 is reported significant. */
    public static Comparison compare(Rate variant, Rate control) {
        if (variant.rate() == null || control.rate() == null) {
            return new Comparison(null, null, false);
        }
        Double lift = control.rate() == 0 ? null : (variant.rate() - control.rate()) / control.rate();
        double n1 = variant.entered();
        double n0 = control.entered();
        double pooled = (Math.min(variant.conversions(), variant.entered())
                + Math.min(control.conversions(), control.entered())) / (n1 + n0);
        double se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
        if (se == 0) {
            // Both all converted or none did: no difference to test.
            return new Comparison(lift, 1.0, false);
        }
        double z = (variant.rate() - control.rate()) / se;
        double pValue = Math.min(1, 2 * upperTail(Math.abs(z)));
        return new Comparison(lift, pValue, pValue < 0.05);
    }

    /** P(Z > z) for a standard normal Z. */
    static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /**
     * The complementary error function, to an absolute error below 1.5e-7 (Abramowitz and Stegun, formula 7.1.26):
     * ample for p-values, which are read against 0.05.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * z);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429))));
        double r = poly * Math.exp(-z * z);
        return x >= 0 ? r : 2 - r;
    }
}
