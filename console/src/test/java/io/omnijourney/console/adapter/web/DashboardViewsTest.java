package io.omnijourney.console.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DashboardViewsTest {

    static final Instant NOW = Instant.parse("2026-12-06T15:42:10Z"); // a Sunday

    private static JsonNode series(ArrayNode points) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("points", points);
        return body;
    }

    private static ObjectNode point(ArrayNode points, Instant at, String dimension) {
        ObjectNode p = points.addObject();
        p.put("at", at.toString()).put("dimension", dimension);
        return p.putObject("counts");
    }

    @Test
    void windows_end_with_the_bucket_holding_now() {
        DashboardViews.Window hours = DashboardViews.Window.hours(NOW, 48);
        assertThat(hours.first()).isEqualTo(Instant.parse("2026-12-04T16:00:00Z"));
        assertThat(hours.indexOf(Instant.parse("2026-12-06T15:00:00Z"))).isEqualTo(47);
        assertThat(hours.indexOf(Instant.parse("2026-12-06T16:00:00Z"))).isEqualTo(-1);
        assertThat(hours.indexOf(Instant.parse("2026-12-04T15:59:59Z"))).isEqualTo(-1);
        DashboardViews.Window weeks = DashboardViews.Window.weeks(NOW, 12);
        assertThat(weeks.first()).isEqualTo(Instant.parse("2026-09-14T00:00:00Z")); // a Monday, 11 weeks before
        assertThat(weeks.labels()).hasSize(12).endsWith("30 Nov");
        assertThat(DashboardViews.Window.days(NOW, 14).labels()).startsWith("23 Nov").endsWith("6 Dec");
    }

    @Test
    void the_busiest_sources_get_a_line_and_the_rest_are_summed() {
        ArrayNode points = Json.mapper().createArrayNode();
        Instant hour = Instant.parse("2026-12-06T15:00:00Z");
        for (int s = 0; s < 11; s++) {
            point(points, hour, "source-" + s).put("events", 100 - s);
        }
        DashboardViews.Figure figure = DashboardViews.events(series(points), DashboardViews.Window.hours(NOW, 48));
        assertThat(figure.columns()).hasSize(1 + 8 + 1).contains("source-0", "source-7", "other sources")
                .doesNotContain("source-8");
        assertThat(figure.rows().get(47).cells().get(8)).isEqualTo(Long.toString(92 + 91 + 90));
    }

    @Test
    void a_week_without_a_value_is_computed_from_its_counts_and_an_empty_week_has_none() {
        ArrayNode points = Json.mapper().createArrayNode();
        point(points, Instant.parse("2026-11-30T00:00:00Z"), "nps").put("responses", 4).put("promoters", 1)
                .put("detractors", 3);
        point(points, Instant.parse("2026-11-30T00:00:00Z"), "csat").put("responses", 3).put("sum", 13);
        DashboardViews.Window weeks = DashboardViews.Window.weeks(NOW, 12);
        DashboardViews.Figure nps = DashboardViews.survey(series(points), weeks, "nps");
        assertThat(nps.rows().get(11).cells()).containsExactly("-50", "4");
        assertThat(nps.rows().get(10).cells()).containsExactly("—", "0");
        assertThat(nps.svg()).contains("data-value=\"-50\"");
        assertThat(DashboardViews.survey(series(points), weeks, "csat").rows().get(11).cells())
                .containsExactly("4.33", "3");
    }

    @Test
    void journeys_without_the_new_counts_read_as_zero_and_are_left_out() {
        ArrayNode journeys = Json.mapper().createArrayNode();
        journeys.addObject().put("id", "a").put("name", "Old service answer");
        journeys.addObject().put("id", "b").put("name", "Entered only").put("entered", 10);
        DashboardViews.Figure figure = DashboardViews.journeys(journeys);
        assertThat(figure.rows()).hasSize(1);
        assertThat(figure.rows().get(0).cells()).containsExactly("10", "0", "0%");
        assertThat(figure.svg()).contains("data-value=\"0\"");
    }

    @Test
    void the_range_is_one_of_the_offered_ones() {
        assertThat(DashboardPages.range("30")).isEqualTo(30);
        assertThat(DashboardPages.range("365")).isEqualTo(14);
        assertThat(DashboardPages.range("x")).isEqualTo(14);
        assertThat(DashboardPages.range(null)).isEqualTo(14);
        assertThat(Duration.ofDays(DashboardPages.range("7"))).isEqualTo(Duration.ofDays(7));
    }
}
