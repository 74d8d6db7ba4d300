package io.omnijourney.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChartsTest {

    private static final Pattern VALUE = Pattern.compile("data-value=\"");

    private static int count(String svg, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(svg);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static ChartSeries series(String name, Double... values) {
        return new ChartSeries(name, Arrays.asList(values));
    }

    @Test
    void a_line_chart_draws_a_path_per_series_and_a_dot_per_value() {
        String svg = new LineChart("events", "Events", List.of("10:00", "11:00", "12:00"),
                List.of(series("web", 1.0, 2.0, 3.0), series("pos", 0.0, null, 5.0)), null).svg();
        assertThat(svg).startsWith("<svg class=\"chart\"").contains("role=\"img\"")
                .contains("aria-labelledby=\"events-title events-desc\"").contains("<title id=\"events-title\">Events");
        assertThat(count(svg, "<path ")).isEqualTo(2);
        assertThat(count(svg, "<circle ")).isEqualTo(5);
        assertThat(count(svg, VALUE.pattern())).isEqualTo(5);
        assertThat(svg).contains("data-series=\"pos\" data-category=\"12:00\" data-value=\"5\"");
        // The missing value leaves a gap: the second series' path moves twice.
        assertThat(svg).containsPattern("<path d=\"M[0-9. ]+ M[0-9. ]+\"[^>]*data-series=\"pos\"");
        assertThat(svg).contains("class=\"legend\"").contains(">web</text>").contains(">pos</text>");
    }

    @Test
    void a_label_with_markup_is_escaped_everywhere() {
        String evil = "<script>alert(1)</script>";
        String line = new LineChart("x\"y", evil, List.of(evil), List.of(series(evil, 1.0)), null).svg();
        String bars = new BarChart("b", evil, List.of(evil), List.of(series(evil, 1.0))).svg();
        String ranked = new RankedBars("r", evil, List.of(new RankedBars.Item(evil, 3, evil)), 5).svg();
        for (String svg : List.of(line, bars, ranked)) {
            assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;");
        }
        assertThat(line).contains("id=\"x&quot;y\"");
    }

    @Test
    void no_data_is_an_empty_chart_that_says_so() {
        for (String svg : List.of(
                new LineChart("a", "A", List.of(), List.of(), null).svg(),
                new LineChart("a", "A", List.of("w1", "w2"), List.of(series("nps", null, null)), null).svg(),
                new BarChart("b", "B", List.of("d1"), List.of()).svg(),
                new RankedBars("r", "R", List.of(), 10).svg())) {
            assertThat(svg).startsWith("<svg class=\"chart\"").contains("No data yet").doesNotContain("data-value")
                    .contains("<title");
        }
    }

    @Test
    void a_single_point_is_drawn_as_a_dot() {
        String svg = new LineChart("one", "One", List.of("w1"), List.of(series("nps", 42.0)), null).svg();
        assertThat(count(svg, "<circle ")).isEqualTo(1);
        assertThat(svg).contains("data-value=\"42\"").doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void all_zeros_still_have_an_axis_and_bars() {
        BarChart chart = new BarChart("z", "Zeros", List.of("d1", "d2"), List.of(series("sent", 0.0, 0.0),
                series("failed", 0.0, 0.0)));
        assertThat(chart.scale().min()).isEqualTo(0);
        assertThat(chart.scale().max()).isGreaterThan(0);
        String svg = chart.svg();
        assertThat(count(svg, "<rect [^>]*data-value=\"0\"")).isEqualTo(4);
        assertThat(svg).doesNotContain("NaN");
    }

    @Test
    void negative_values_get_a_scale_below_zero() {
        LineChart chart = new LineChart("nps", "NPS", List.of("w1", "w2", "w3"),
                List.of(series("NPS", -40.0, -12.5, 30.0)), null);
        ChartScale scale = chart.scale();
        assertThat(scale.min()).isLessThanOrEqualTo(-40).isGreaterThan(-100);
        assertThat(scale.max()).isGreaterThanOrEqualTo(30);
        assertThat(scale.ticks()).contains(0.0);
        assertThat(chart.svg()).contains("data-value=\"-12.5\"").contains(">-40</text>");

        ChartScale onlyNegative = new LineChart("n", "N", List.of("w1"), List.of(series("NPS", -60.0)), null).scale();
        assertThat(onlyNegative.min()).isLessThanOrEqualTo(-60);
        assertThat(onlyNegative.max()).isEqualTo(0);
    }

    @Test
    void a_fixed_scale_is_kept() {
        LineChart chart = new LineChart("nps", "NPS", List.of("w1"), List.of(series("NPS", 10.0)),
                ChartScale.fixed(-100, 100, 50));
        assertThat(chart.scale().ticks()).containsExactly(-100.0, -50.0, 0.0, 50.0, 100.0);
    }

    @Test
    void scales_step_in_round_numbers() {
        ChartScale scale = ChartScale.around(0, 1234, 4);
        assertThat(scale.min()).isEqualTo(0);
        assertThat(scale.max()).isGreaterThanOrEqualTo(1234);
        assertThat(scale.step()).isIn(250.0, 500.0);
    }

    @Test
    void a_grouped_bar_chart_has_a_bar_per_series_and_category() {
        String svg = new BarChart("d", "Deliveries", List.of("1 Dec", "2 Dec", "3 Dec"),
                List.of(series("sent", 10.0, 20.0, 30.0), series("failed", 1.0, 0.0, 2.0),
                        series("clicked", 3.0, null, 4.0))).svg();
        assertThat(count(svg, "<rect [^>]*data-value=")).isEqualTo(8);
        assertThat(svg).contains("data-series=\"failed\" data-category=\"2 Dec\" data-value=\"0\"");
    }

    @Test
    void ranked_bars_keep_the_top_items_largest_first() {
        RankedBars bars = new RankedBars("j", "Journeys", List.of(new RankedBars.Item("a", 1, "10%"),
                new RankedBars.Item("b", 9, "90%"), new RankedBars.Item("c", 5, null)), 2);
        assertThat(bars.items()).extracting(RankedBars.Item::label).containsExactly("b", "c");
        String svg = bars.svg();
        assertThat(count(svg, "<rect [^>]*data-value=")).isEqualTo(2);
        assertThat(svg).contains("9 · 90%");
    }
}
