package io.omnijourney.journey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values: the textbook formulas evaluated independently (Python's math.erfc, double precision). */
class ExperimentsTest {

    @Test
    void wilsonIntervalsMatchTheTextbookAndStayInsideZeroToOne() {
        Experiments.Rate half = Experiments.rate(100, 50);
        assertThat(half.rate()).isEqualTo(0.5);
        assertThat(half.ci95Low()).isCloseTo(0.4038315, within(1e-6));
        assertThat(half.ci95High()).isCloseTo(0.5961685, within(1e-6));
        Experiments.Rate none = Experiments.rate(20, 0);
        assertThat(none.ci95Low()).isZero();
        assertThat(none.ci95High()).isCloseTo(0.1611252, within(1e-6));
        Experiments.Rate all = Experiments.rate(20, 20);
        assertThat(all.ci95Low()).isCloseTo(0.8388748, within(1e-6));
        assertThat(all.ci95High()).isEqualTo(1.0);
        Experiments.Rate empty = Experiments.rate(0, 0);
        assertThat(empty.rate()).isNull();
        assertThat(empty.ci95Low()).isNull();
    }

    @Test
    void twoProportionTestGivesTheTextbookPValue() {
        Experiments.Comparison better = Experiments.compare(Experiments.rate(1000, 200), Experiments.rate(1000, 150));
        assertThat(better.pValue()).isCloseTo(0.0032563, within(1e-6));
        assertThat(better.lift()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(better.significant()).isTrue();
        Experiments.Comparison noise = Experiments.compare(Experiments.rate(500, 55), Experiments.rate(500, 50));
        assertThat(noise.pValue()).isCloseTo(0.6060086, within(1e-6));
        assertThat(noise.significant()).isFalse();
        Experiments.Comparison worse = Experiments.compare(Experiments.rate(1000, 150), Experiments.rate(1000, 200));
        assertThat(worse.pValue()).as("two-sided").isCloseTo(better.pValue(), within(1e-12));
        assertThat(worse.lift()).isCloseTo(-0.25, within(1e-12));
    }

    @Test
    void undefinedComparisonsSayNothingRatherThanDivideByZero() {
        assertThat(Experiments.compare(Experiments.rate(0, 0), Experiments.rate(10, 1)).pValue()).isNull();
        Experiments.Comparison fromZero = Experiments.compare(Experiments.rate(10, 2), Experiments.rate(10, 0));
        assertThat(fromZero.lift()).as("no lift over a zero rate").isNull();
        assertThat(fromZero.pValue()).isNotNull();
        Experiments.Comparison nobody = Experiments.compare(Experiments.rate(10, 0), Experiments.rate(10, 0));
        assertThat(nobody.pValue()).isEqualTo(1.0);
        assertThat(nobody.significant()).isFalse();
    }

    @Test
    void erfcIsWithinItsStatedError() {
        double[][] reference = {{0, 1.0}, {0.5, 0.4795001221869535}, {1, 0.15729920705028513},
            {2, 0.004677734981047265}, {3, 2.2090496998585438e-05}, {5, 1.5374597944280351e-12}};
        for (double[] r : reference) {
            assertThat(Experiments.erfc(r[0])).as("erfc(%s)", r[0]).isCloseTo(r[1], within(1.5e-7));
            assertThat(Experiments.erfc(-r[0])).as("erfc(-%s)", r[0]).isCloseTo(2 - r[1], within(1.5e-7));
        }
    }
}
