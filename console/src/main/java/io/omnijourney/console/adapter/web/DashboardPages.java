package io.omnijourney.console.adapter.web;

import io.omnijourney.console.app.Api;
import io.omnijourney.console.app.Caller;
import io.omnijourney.console.app.Paths;
import io.omnijourney.console.app.Reply;
import io.omnijourney.console.app.Service;
import io.omnijourney.console.app.UpstreamUnavailable;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dashboards (analysts and admins): NPS, CSAT and CES over the chosen days and per week, deliveries per channel per
 * day, events per source per hour, and the journeys that convert most. Five service calls whatever the data, each
 * reading bucketed counts (never the events behind them): one per series, and the journey list.
 */
@Path("/dashboards")
@Produces(MediaType.TEXT_HTML)
public class DashboardPages {

    static final String SECTION = "dashboards";
    /** The ranges the selector offers, in days (deliveries and the KPI cards); 14 unless asked. */
    static final List<Integer> RANGES = List.of(7, 14, 30);
    static final int DEFAULT_RANGE = 14;
    static final int EVENT_HOURS = 48;
    static final int SURVEY_WEEKS = 12;
    static final String REFUSED = "Dashboards are for analysts and admins: your role does not allow reading metrics.";

    private final Api api;
    private final Caller caller;
    private final Pages pages;
    private final Template template;

    public DashboardPages(Api api, Caller caller, Pages pages, @Location("dashboards.html") Template template) {
        this.api = api;
        this.caller = caller;
        this.pages = pages;
        this.template = template;
    }

    @GET
    public Response show(@QueryParam("days") String days) {
        if (!caller.viewer().canReadMetrics()) {
            return refused(REFUSED);
        }
        int range = range(days);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        DashboardViews.Window hours = DashboardViews.Window.hours(now, EVENT_HOURS);
        DashboardViews.Window daily = DashboardViews.Window.days(now, range);
        DashboardViews.Window weeks = DashboardViews.Window.weeks(now, SURVEY_WEEKS);

        Reply surveyDays = call(Service.PROFILE, series("survey-days", daily.first(), now));
        Reply surveys = call(Service.PROFILE, series("surveys", weeks.first(), now));
        Reply deliveries = call(Service.PROFILE, series("deliveries", daily.first(), now));
        Reply events = call(Service.PROFILE, series("events", hours.first(), now));
        Reply journeys = call(Service.JOURNEY, "/journeys");
        for (Reply reply : List.of(surveyDays, surveys, deliveries, events)) {
            if (reply.status() == 403) {
                return refused("profile-service refused: " + reply.error());
            }
        }

        Map<String, Object> data = new HashMap<>();
        data.put("refused", "");
        data.put("range", range);
        data.put("ranges", RANGES);
        data.put("cxError", failure(surveyDays));
        Map<String, DashboardViews.SurveyCounts> surveyTotals = surveyDays.ok()
                ? DashboardViews.surveyTotals(surveyDays.body(), daily) : Map.of();
        data.put("kpis", surveyDays.ok() ? DashboardViews.kpis(surveyTotals) : List.of());
        data.put("overallRate", DashboardViews.overallRate(surveyTotals));
        data.put("trends", List.of("nps", "csat", "ces").stream().map(s -> surveys.ok()
                ? DashboardViews.survey(surveys.body(), weeks, s)
                : DashboardViews.Figure.failed(s, s.toUpperCase(java.util.Locale.ROOT) + " per week",
                        failure(surveys))).toList());
        data.put("deliveriesError", failure(deliveries));
        data.put("deliveries", deliveries.ok() ? DashboardViews.deliveries(deliveries.body(), daily) : List.of());
        data.put("deliveryColumns", DashboardViews.TABLE_OUTCOMES);
        data.put("deliveryTotals", deliveries.ok() ? DashboardViews.deliveryTotals(deliveries.body(), daily)
                : List.of());
        data.put("events", events.ok() ? DashboardViews.events(events.body(), hours)
                : DashboardViews.Figure.failed("events", "Events ingested per source per hour", failure(events)));
        data.put("journeys", journeys.ok() ? DashboardViews.journeys(journeys.body())
                : DashboardViews.Figure.failed("journeys", "Journey conversions", failure(journeys)));
        return pages.page(template, SECTION, Response.Status.OK, data);
    }

    private static String series(String name, Instant from, Instant to) {
        return Paths.query("/metrics/series/" + Paths.seg(name), Paths.params("from", from, "to", to));
    }

    /** A service that cannot be reached spoils its own charts, not the page. */
    private Reply call(Service service, String path) {
        try {
            return api.get(service, path);
        } catch (UpstreamUnavailable e) {
            return new Reply(503, Json.mapper().createObjectNode().put("error", e.getMessage()));
        }
    }

    private static String failure(Reply reply) {
        return reply.ok() ? "" : "Could not load: " + reply.error();
    }

    private Response refused(String message) {
        return pages.page(template, SECTION, Response.Status.FORBIDDEN, Map.of("refused", message, "kpis", List.of(),
                "ranges", RANGES, "range", DEFAULT_RANGE));
    }

    static int range(String days) {
        try {
            int asked = Integer.parseInt(days == null ? "" : days.trim());
            return RANGES.contains(asked) ? asked : DEFAULT_RANGE;
        } catch (NumberFormatException e) {
            return DEFAULT_RANGE;
        }
    }
}
