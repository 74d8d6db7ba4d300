package io.omnijourney.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CxMetricsTest {

    @Test
    void npsIsPromotersMinusDetractorsAndCsatCesAreAverages() {
        CxMetrics m = CxMetrics.of(List.of(
                Map.of("nps", 10L), Map.of("nps", 9L), Map.of("nps", 8L), Map.of("nps", 3L),
                Map.of("csat", 5L), Map.of("csat", 4L), Map.of("ces", 2L, "nps", 0L)));

        assertThat(m.npsResponses()).isEqualTo(5);
        assertThat(m.promoters()).isEqualTo(2);
        assertThat(m.passives()).isEqualTo(1);
        assertThat(m.detractors()).isEqualTo(2);
        assertThat(m.nps()).isEqualTo(0.0);
        assertThat(m.csatAverage()).isEqualTo(4.5);
        assertThat(m.cesAverage()).isEqualTo(2.0);
    }

    @Test
    void outOfRangeAndFractionalAnswersAreNotCounted() {
        CxMetrics m = CxMetrics.of(List.of(Map.of("nps", 11L), Map.of("nps", 7.5), Map.of("csat", 0L),
                Map.of("ces", "seven"), Map.of("nps", 10L)));

        assertThat(m.npsResponses()).isEqualTo(1);
        assertThat(m.nps()).isEqualTo(100.0);
        assertThat(m.csatResponses()).isZero();
        assertThat(m.csatAverage()).isNull();
        assertThat(m.cesAverage()).isNull();
    }
}
