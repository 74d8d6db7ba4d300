package io.omnijourney.profile.adapter.rest;

import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse.FieldProblem;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.profile.app.MetricBuckets;
import io.omnijourney.profile.domain.MetricSeries;
import io.omnijourney.profile.domain.MetricSeries.Series;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboards' time series ({@link MetricSeries}), read from bucketed counts: {@code events} per source per hour,
 * {@code deliveries} per channel per day, {@code surveys} per survey per week, {@code survey-days} per survey per
 * day. A read costs the buckets in the window, never the events behind them.
 */
@Path("/metrics/series")
@RolesAllowed({Roles.ANALYST, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class MetricSeriesResource {

    private static final int MAX_DIMENSION = 100;

    private final MetricBuckets buckets;

    public MetricSeriesResource(MetricBuckets buckets) {
        this.buckets = buckets;
    }

    /**
     * One bucket: its start, its dimension (source, channel or survey), its counters, and for surveys the score
     * ({@code value}: the NPS, or the CSAT or CES average; null for other series or without answers).
     */
    public record Point(Instant at, String dimension, Map<String, Long> counts, Double value) {
    }

    public record SeriesResponse(String series, String bucket, Instant from, Instant to, String dimension,
            List<Point> points) {
    }

    @GET
    @Path("{series}")
    public SeriesResponse series(@PathParam("series") String name, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("dimension") String dimension) {
        List<FieldProblem> problems = new ArrayList<>();
        Optional<Series> series = Arrays.stream(Series.values()).filter(s -> s.wireName().equals(name)).findFirst();
        if (series.isEmpty()) {
            throw ApiException.badRequest("invalid request", List.of(new FieldProblem("series",
                    "one of events, deliveries, surveys, survey-days")));
        }
        Duration longest = series.get() == Series.EVENTS ? Duration.ofDays(31) : Duration.ofDays(366);
        Duration standard = switch (series.get()) {
            case EVENTS -> Duration.ofDays(2);
            case DELIVERIES, SURVEY_DAYS -> Duration.ofDays(30);
            case SURVEYS -> Duration.ofDays(26 * 7);
        };
        Instant end = QueryParams.instant("to", to, problems).orElseGet(Instant::now);
        Instant start = QueryParams.instant("from", from, problems).orElseGet(() -> end.minus(standard));
        if (problems.isEmpty() && !start.isBefore(end)) {
            problems.add(new FieldProblem("from", "must be before 'to'"));
        } else if (problems.isEmpty() && Duration.between(start, end).compareTo(longest) > 0) {
            problems.add(new FieldProblem("from", "the window of " + name + " may span at most "
                    + longest.toDays() + " days"));
        }
        if (dimension != null && (dimension.isBlank() || dimension.length() > MAX_DIMENSION)) {
            problems.add(new FieldProblem("dimension", "1 to " + MAX_DIMENSION + " characters"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid request", problems);
        }
        // From the start of the bucket holding 'from', so that its first bucket is whole.
        Instant first = series.get().bucketOf(start);
        List<Point> points = buckets.read(series.get(), first, end, Optional.ofNullable(dimension)).stream()
                .map(b -> new Point(b.at(), b.dimension(), b.counts(), value(series.get(), b))).toList();
        return new SeriesResponse(name, series.get().bucket.name().toLowerCase(java.util.Locale.ROOT)
                .replaceAll("s$", ""), first, end, dimension, points);
    }

    private static Double value(Series series, MetricBuckets.Bucket bucket) {
        long responses = bucket.counts().getOrDefault("responses", 0L);
        if ((series != Series.SURVEYS && series != Series.SURVEY_DAYS) || responses == 0) {
            return null;
        }
        double value = "nps".equals(bucket.dimension())
                ? 100.0 * (bucket.counts().getOrDefault("promoters", 0L) - bucket.counts().getOrDefault("detractors",
                        0L)) / responses
                : bucket.counts().getOrDefault("sum", 0L) / (double) responses;
        return Math.round(value * 100.0) / 100.0;
    }
}
