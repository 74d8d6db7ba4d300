package io.omnijourney.console.adapter.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnijourney.console.ServicesStandIn;
import io.omnijourney.console.SignedIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = ServicesStandIn.class, restrictToAnnotatedClass = true)
class DashboardPagesTest {

    static final Instant NOW = Instant.now();
    static final Instant HOUR = NOW.truncatedTo(ChronoUnit.HOURS);
    static final Instant DAY = NOW.truncatedTo(ChronoUnit.DAYS);
    static final Instant MONDAY = NOW.atZone(ZoneOffset.UTC).toLocalDate()
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC).toInstant();

    private static String point(Instant at, String dimension, String counts, String value) {
        return "{\"at\":\"" + at + "\",\"dimension\":\"" + dimension + "\",\"counts\":" + counts + ",\"value\":"
                + value + "}";
    }

    private static String series(String name, String bucket, Instant from, List<String> points) {
        return "{\"series\":\"" + name + "\",\"bucket\":\"" + bucket + "\",\"from\":\"" + from + "\",\"to\":\"" + NOW
                + "\",\"dimension\":null,\"points\":[" + String.join(",", points) + "]}";
    }

    /** Daily survey buckets: two days in the 14-day window, one day before it that must not count. */
    static String surveyDays() {
        Instant threeDaysAgo = DAY.minus(Duration.ofDays(3));
        Instant outside = DAY.minus(Duration.ofDays(20));
        return series("survey-days", "day", DAY.minus(Duration.ofDays(13)), List.of(
                point(outside, "nps", "{\"responses\":1000,\"detractors\":1000,\"sent\":5}", "-100.0"),
                point(threeDaysAgo, "nps", "{\"responses\":40,\"promoters\":20,\"passives\":13,\"detractors\":7,"
                        + "\"sent\":100}", "32.5"),
                point(DAY, "nps", "{\"responses\":80,\"promoters\":40,\"passives\":26,\"detractors\":14,"
                        + "\"sent\":200}", "32.5"),
                point(threeDaysAgo, "csat", "{\"responses\":100,\"sum\":421,\"sent\":250}", "4.21"),
                point(DAY, "ces", "{\"responses\":40,\"sum\":112}", "2.8")));
    }

    static String surveys() {
        Instant week = MONDAY.minus(Duration.ofDays(7));
        Instant before = MONDAY.minus(Duration.ofDays(14));
        return series("surveys", "week", before, List.of(
                point(before, "nps", "{\"responses\":10,\"promoters\":2,\"passives\":2,\"detractors\":6}", "-40.0"),
                point(week, "nps", "{\"responses\":20,\"promoters\":12,\"passives\":4,\"detractors\":4}", "40.0"),
                // No value: the page computes it from the counts (12 - 4 of 20 = 40).
                point(MONDAY, "nps", "{\"responses\":20,\"promoters\":12,\"passives\":4,\"detractors\":4}", "null"),
                point(week, "csat", "{\"responses\":4,\"sum\":17}", "4.25"),
                point(week, "ces", "{\"responses\":5,\"sum\":14}", "2.8")));
    }

    static String deliveries() {
        Instant yesterday = DAY.minus(Duration.ofDays(1));
        return series("deliveries", "day", DAY.minus(Duration.ofDays(13)), List.of(
                point(yesterday, "email", "{\"sent\":120,\"failed\":3,\"suppressed\":7,\"delivered\":110,"
                        + "\"opened\":50,\"clicked\":21}", "null"),
                point(DAY, "email", "{\"sent\":80,\"failed\":1,\"clicked\":9}", "null"),
                point(DAY, "sms", "{\"sent\":30,\"failed\":2,\"suppressed\":1}", "null")));
    }

    static String events() {
        return series("events", "hour", HOUR.minus(Duration.ofHours(47)), List.of(
                point(HOUR.minus(Duration.ofHours(2)), "web-shop", "{\"events\":340}", "null"),
                point(HOUR.minus(Duration.ofHours(1)), "web-shop", "{\"events\":410}", "null"),
                point(HOUR, "web-shop", "{\"events\":95}", "null"),
                point(HOUR.minus(Duration.ofHours(1)), "pos<script>", "{\"events\":12}", "null")));
    }

    static final String JOURNEYS = """
            [{"id":"j1","name":"Welcome series","status":"active","publishedVersion":3,
              "updatedAt":"2026-12-01T09:00:00Z","entered":400,"active":50,"conversions":50},
             {"id":"j2","name":"Cart <b>rescue</b>","status":"active","publishedVersion":1,
              "updatedAt":"2026-12-02T09:00:00Z","entered":200,"active":10,"conversions":80},
             {"id":"j3","name":"Draft only","status":"draft","publishedVersion":0,"updatedAt":"2026-12-03T09:00:00Z"}]
            """;

    private static void stub(String path, String body) {
        ServicesStandIn.server().stubFor(get(urlPathEqualTo(path)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @BeforeEach
    void stubs() {
        ServicesStandIn.reset();
        stub("/metrics/series/survey-days", surveyDays());
        stub("/metrics/series/surveys", surveys());
        stub("/metrics/series/deliveries", deliveries());
        stub("/metrics/series/events", events());
        stub("/journeys", JOURNEYS);
    }

    private static int count(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The SVG element with this id, up to its end. */
    static String svg(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("chart " + id).isPositive();
        int start = html.lastIndexOf("<svg", at);
        return html.substring(start, html.indexOf("</svg>", at) + 6);
    }

    /** The element's inner text (tags removed) from the tag opening with this attribute to the closing tag. */
    static String part(String html, String attribute, String closing) {
        int at = html.indexOf(attribute);
        assertThat(at).as(attribute).isPositive();
        return html.substring(at, html.indexOf(closing, at)).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ")
                .replaceFirst("^[^>]*>", "").trim();
    }

    static List<String> all(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static String kpi(String html, String id) {
        Matcher m = Pattern.compile("data-kpi=\"" + id + "\">.*?class=\"kpi\"[^>]*>([^<]*)<", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("KPI " + id).isTrue();
        return m.group(1).trim();
    }

    @Test
    void an_analyst_sees_the_kpis_and_four_chart_areas_with_data() {
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/dashboards");
        String html = analyst.request().get("/dashboards").then().statusCode(200).extract().body().asString();

        assertThat(kpi(html, "nps")).isEqualTo("+32.5");
        assertThat(part(html, "data-kpi=\"nps\"", "</div>")).contains("120 responses")
                .contains("120 answers to 300 sent (40%)");
        assertThat(kpi(html, "csat")).isEqualTo("4.21");
        assertThat(part(html, "data-kpi=\"csat\"", "</div>")).contains("100 responses")
                .contains("100 answers to 250 sent (40%)");
        assertThat(kpi(html, "ces")).isEqualTo("2.8");
        assertThat(part(html, "data-kpi=\"ces\"", "</div>")).contains("40 responses").doesNotContain("sent");
        assertThat(part(html, "id=\"response-rate\"", "</p>")).contains("260 answers to 550 sent (47.3%)");

        // Score trends: NPS with a negative week, the last week computed from the counts.
        String nps = svg(html, "chart-nps");
        assertThat(all(nps, "data-value=\"([^\"]*)\"")).containsExactly("-40", "40", "40");
        assertThat(nps).contains(">-100</text>").contains(">0</text>").contains(">100</text>");
        assertThat(all(svg(html, "chart-csat"), "data-value=\"([^\"]*)\"")).containsExactly("4.25");
        assertThat(all(svg(html, "chart-ces"), "data-value=\"([^\"]*)\"")).containsExactly("2.8");

        // Deliveries: a grouped bar chart per channel, 14 days x 4 outcomes, and the totals table.
        assertThat(count(html, "<svg class=\"chart\"[^>]*id=\"chart-deliveries-")).isEqualTo(2);
        String email = svg(html, "chart-deliveries-email");
        assertThat(count(email, "<rect [^>]*data-value=")).isEqualTo(14 * 4);
        assertThat(count(email, "<rect [^>]*data-series=\"sent\"[^>]*data-value=\"120\"")).isEqualTo(1);
        assertThat(part(html, "data-channel=\"email\"", "</tr>")).isEqualTo("email 200 4 7 110 50 30 0");
        assertThat(part(html, "data-channel=\"sms\"", "</tr>")).isEqualTo("sms 30 2 1 0 0 0 0");

        // Events: a line per source over 48 hours, the source's name escaped.
        String events = svg(html, "chart-events");
        assertThat(count(events, "<path [^>]*data-series=")).isEqualTo(2);
        assertThat(count(events, "<circle [^>]*data-value=")).isEqualTo(96);
        assertThat(count(events, "data-series=\"web-shop\"[^>]*data-value=\"410\"")).isEqualTo(1);
        assertThat(html).doesNotContain("pos<script>").contains("pos&lt;script&gt;");

        // Journey conversions: largest first, the rate beside it, a journey without counts left out.
        String journeys = svg(html, "chart-journeys");
        assertThat(all(journeys, "<rect [^>]*data-value=\"([^\"]*)\"")).containsExactly("80", "50");
        assertThat(all(journeys, "<rect [^>]*data-series=\"([^\"]*)\"")).containsExactly(
                "Cart &lt;b&gt;rescue&lt;/b&gt;", "Welcome series");
        assertThat(journeys).contains("40% of 200 entered").doesNotContain("Draft only");
        assertThat(html).doesNotContain("<b>rescue</b>");
        String table = part(html, "id=\"figure-journeys\"", "</figure>");
        assertThat(table).contains("Cart &lt;b&gt;rescue&lt;/b&gt; 200 80 40%").contains("Welcome series 400 50 12.5%");

        // Every chart is a labelled image in a figure with a caption.
        int charts = count(html, "<svg class=\"chart\"");
        assertThat(charts).isEqualTo(3 + 2 + 1 + 1);
        assertThat(count(html, "<figure ")).isEqualTo(charts);
        assertThat(count(html, "<figcaption>")).isEqualTo(charts);
        assertThat(count(html, "<svg class=\"chart\"[^>]*role=\"img\"[^>]*aria-labelledby=")).isEqualTo(charts);
        assertThat(count(html, "data-value=")).isGreaterThan(100);
    }

    @Test
    void the_page_asks_each_service_once_with_the_windows_it_draws() {
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/dashboards");
        ServicesStandIn.server().resetRequests();
        admin.request().get("/dashboards?days=7").then().statusCode(200);

        List<LoggedRequest> all = ServicesStandIn.server().findAll(getRequestedFor(anyUrl()));
        assertThat(all).extracting(LoggedRequest::getUrl).allSatisfy(url -> assertThat(url)
                .matches("/(metrics/series/(survey-days|surveys|deliveries|events)|journeys)(\\?.*)?"));
        assertThat(all).hasSize(5);
        assertThat(all).allSatisfy(r -> assertThat(r.getHeader("X-API-Key")).isEqualTo(ServicesStandIn.ADMIN));

        Instant events = from(ServicesStandIn.server().findAll(
                getRequestedFor(urlPathEqualTo("/metrics/series/events"))));
        assertThat(events).isEqualTo(HOUR.minus(Duration.ofHours(47)));
        Instant deliveries = from(ServicesStandIn.server().findAll(
                getRequestedFor(urlPathEqualTo("/metrics/series/deliveries"))));
        assertThat(deliveries).isEqualTo(DAY.minus(Duration.ofDays(6)));
        Instant surveys = from(ServicesStandIn.server().findAll(
                getRequestedFor(urlPathEqualTo("/metrics/series/surveys"))));
        assertThat(surveys).isEqualTo(MONDAY.minus(Duration.ofDays(7 * 11)));
        // The KPI cards: the same seven days as the deliveries, from daily survey buckets (never /metrics/cx, which
        // reads every answer of the window).
        Instant surveyDays = from(ServicesStandIn.server().findAll(
                getRequestedFor(urlPathEqualTo("/metrics/series/survey-days"))));
        assertThat(surveyDays).isEqualTo(DAY.minus(Duration.ofDays(6)));
        // Each window is within what profile-service accepts (events: at most 31 days).
        for (LoggedRequest r : ServicesStandIn.server().findAll(getRequestedFor(urlPathMatching("/metrics/.*")))) {
            Instant to = Instant.parse(r.queryParameter("to").firstValue());
            assertThat(to).isBetween(NOW.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS), Instant.now());
        }
    }

    private static Instant from(List<LoggedRequest> requests) {
        assertThat(requests).hasSize(1);
        return Instant.parse(requests.get(0).queryParameter("from").firstValue());
    }

    @Test
    void a_marketer_is_refused_and_no_metrics_are_asked_for() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/journeys");
        ServicesStandIn.server().resetRequests();
        String html = marketer.request().get("/dashboards").then().statusCode(403).extract().body().asString();
        assertThat(part(html, "id=\"dashboards-refused\"", "</p>")).contains("analysts and admins");
        assertThat(html).doesNotContain("svg class=\"chart\"");
        ServicesStandIn.server().verify(0, getRequestedFor(urlPathMatching("/metrics/.*")));
    }

    @Test
    void a_refusal_by_profile_service_is_shown_as_one() {
        ServicesStandIn.server().stubFor(get(urlPathEqualTo("/metrics/series/survey-days")).willReturn(aResponse()
                .withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"forbidden\"}")));
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/journeys");
        String html = analyst.request().get("/dashboards").then().statusCode(403).extract().body().asString();
        assertThat(part(html, "id=\"dashboards-refused\"", "</p>")).contains("profile-service refused");
    }

    @Test
    void no_data_yet_draws_empty_charts_and_a_failing_journey_service_spoils_only_its_chart() {
        String empty = "{\"series\":\"x\",\"bucket\":\"day\",\"points\":[]}";
        stub("/metrics/series/surveys", empty);
        stub("/metrics/series/deliveries", empty);
        stub("/metrics/series/events", empty);
        stub("/metrics/series/survey-days", empty);
        ServicesStandIn.server().stubFor(get(urlEqualTo("/journeys")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"boom\"}")));
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/dashboards");
        String html = analyst.request().get("/dashboards").then().statusCode(200).extract().body().asString();
        assertThat(kpi(html, "nps")).isEqualTo("—");
        assertThat(svg(html, "chart-nps")).contains("No data yet");
        assertThat(svg(html, "chart-events")).contains("No data yet");
        assertThat(html).contains("data-empty=\"deliveries\"");
        assertThat(html).doesNotContain("data-value=");
        assertThat(part(html, "id=\"figure-journeys\"", "</figure>")).contains("Could not load");
    }
}
