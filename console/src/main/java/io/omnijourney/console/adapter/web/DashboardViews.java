package io.omnijourney.console.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.console.domain.BarChart;
import io.omnijourney.console.domain.ChartScale;
import io.omnijourney.console.domain.ChartSeries;
import io.omnijourney.console.domain.LineChart;
import io.omnijourney.console.domain.RankedBars;
import io.quarkus.qute.TemplateData;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboards' answers from profile-service and journey-service turned into what the page shows: KPI cards, and
 * figures (a chart and the numbers behind it as a table). Buckets the series has no point for are zero counts (or,
 * for scores, no value); points outside the window are left out.
 */
final class DashboardViews {

    static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("EEE HH:00", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    static final List<String> OUTCOMES = List.of("sent", "failed", "suppressed", "clicked");
    static final List<String> TABLE_OUTCOMES = List.of("sent", "failed", "suppressed", "delivered", "opened",
            "clicked", "bounced");
    /** Sources drawn as their own line; the rest are summed as "other sources". */
    static final int MOST_SOURCES = 8;
    static final int TOP_JOURNEYS = 10;

    private DashboardViews() {
    }

    /** A KPI card. {@code value} is formatted, "—" without answers. */
    @TemplateData
    record Kpi(String id, String label, String value, String scale, long responses, String rate) {
    }

    /** A row of a table: its header cell and its cells. */
    @TemplateData
    record Row(String head, List<String> cells) {
    }

    /**
     * A chart with its caption and its numbers ({@code columns} heads the table; {@code tableVisible} shows it, else
     * it is there for screen readers only); {@code error} when the service did not answer.
     */
    @TemplateData
    record Figure(String id, String caption, String svg, List<String> columns, List<Row> rows, boolean tableVisible,
            String error) {

        static Figure failed(String id, String caption, String error) {
            return new Figure(id, caption, "", List.of(), List.of(), false, error);
        }
    }

    /** The window of a series: its first bucket, the bucket length and how many. */
    record Window(Instant first, Duration step, int buckets, DateTimeFormatter format) {

        static Window hours(Instant now, int hours) {
            Instant last = now.truncatedTo(ChronoUnit.HOURS);
            return new Window(last.minus(Duration.ofHours(hours - 1L)), Duration.ofHours(1), hours, HOUR);
        }

        static Window days(Instant now, int days) {
            Instant last = now.truncatedTo(ChronoUnit.DAYS);
            return new Window(last.minus(Duration.ofDays(days - 1L)), Duration.ofDays(1), days, DAY);
        }

        /** Weeks from Monday 00:00 UTC, as profile-service buckets surveys. */
        static Window weeks(Instant now, int weeks) {
            Instant monday = now.atZone(ZoneOffset.UTC).toLocalDate()
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC).toInstant();
            return new Window(monday.minus(Duration.ofDays(7L * (weeks - 1))), Duration.ofDays(7), weeks, DAY);
        }

        List<String> labels() {
            List<String> labels = new ArrayList<>(buckets);
            for (int i = 0; i < buckets; i++) {
                labels.add(format.format(first.plus(step.multipliedBy(i))));
            }
            return labels;
        }

        /** The bucket holding {@code at}, or -1 outside the window. */
        int indexOf(Instant at) {
            if (at == null || at.isBefore(first)) {
                return -1;
            }
            long i = Duration.between(first, at).toMillis() / step.toMillis();
            return i < buckets ? (int) i : -1;
        }
    }

    // KPI cards ------------------------------------------------------------------------------------------------------

    /** The counters the KPI cards add up from the daily survey buckets. */
    static final List<String> SURVEY_COUNTS = List.of("responses", "promoters", "detractors", "sum", "sent");

    /**
     * The KPI cards over the window's days, added up from profile-service's daily survey buckets ({@code survey-days}):
     * NPS (% promoters minus % detractors), the CSAT and CES averages, the answers, and the answers against the survey
     * messages sent in the same days.
     */
    static List<Kpi> kpis(JsonNode surveyDays, Window days) {
        Map<String, long[]> totals = surveyTotals(surveyDays, days);
        return List.of(
                kpi("nps", "NPS", "-100 to 100", totals.get("nps"), true),
                kpi("csat", "CSAT", "1 to 5", totals.get("csat"), false),
                kpi("ces", "CES", "1 to 7", totals.get("ces"), false));
    }

    /** The answers against the survey messages sent, all surveys together; empty when none was sent. */
    static String overallRate(JsonNode surveyDays, Window days) {
        long answered = 0;
        long sent = 0;
        for (long[] t : surveyTotals(surveyDays, days).values()) {
            answered += t[0];
            sent += t[4];
        }
        return rate(answered, sent);
    }

    private static Map<String, long[]> surveyTotals(JsonNode surveyDays, Window days) {
        Map<String, long[]> totals = new TreeMap<>();
        counts(surveyDays, days, SURVEY_COUNTS).forEach((survey, perDay) -> {
            long[] t = new long[SURVEY_COUNTS.size()];
            for (int f = 0; f < t.length; f++) {
                t[f] = sum(perDay[f]);
            }
            totals.put(survey, t);
        });
        return totals;
    }

    private static Kpi kpi(String id, String label, String scale, long[] totals, boolean nps) {
        long[] t = totals == null ? new long[SURVEY_COUNTS.size()] : totals;
        long responses = t[0];
        String value = "—";
        if (responses > 0) {
            double score = nps ? 100.0 * (t[1] - t[2]) / responses : (double) t[3] / responses;
            String text = number(round(score));
            value = nps && score > 0 ? "+" + text : text;
        }
        return new Kpi(id, label, value, scale, responses, rate(responses, t[4]));
    }

    /**
     * "120 answers to 316 sent (38%)", or empty when nothing was sent. Answers and sends of the same days: an answer
     * may be to a message sent before them, so this is a period ratio, not a cohort's response rate.
     */
    private static String rate(long answered, long sent) {
        if (sent == 0) {
            return "";
        }
        return answered + (answered == 1 ? " answer" : " answers") + " to " + sent + " sent ("
                + percent((double) answered / sent) + ")";
    }

    // Series ---------------------------------------------------------------------------------------------------------

    /** The points of a series reply by dimension, each as its bucket's counts (a repeated bucket is added up). */
    static Map<String, long[][]> counts(JsonNode series, Window window, List<String> fields) {
        Map<String, long[][]> byDimension = new TreeMap<>();
        for (JsonNode point : series.path("points")) {
            int i = window.indexOf(instant(point.path("at")));
            if (i < 0) {
                continue;
            }
            long[][] counts = byDimension.computeIfAbsent(point.path("dimension").asText("other"),
                    d -> new long[fields.size()][window.buckets()]);
            for (int f = 0; f < fields.size(); f++) {
                counts[f][i] += point.path("counts").path(fields.get(f)).asLong(0);
            }
        }
        return byDimension;
    }

    /** Events per source per hour: a line per source (the busiest {@value #MOST_SOURCES}, then the rest summed). */
    static Figure events(JsonNode series, Window window) {
        Map<String, long[][]> bySource = counts(series, window, List.of("events"));
        List<Map.Entry<String, long[][]>> ranked = new ArrayList<>(bySource.entrySet());
        ranked.sort(Comparator.comparingLong((Map.Entry<String, long[][]> e) -> -sum(e.getValue()[0]))
                .thenComparing(Map.Entry::getKey));
        Map<String, long[]> lines = new LinkedHashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            if (i < MOST_SOURCES || ranked.size() == MOST_SOURCES + 1) {
                lines.put(ranked.get(i).getKey(), ranked.get(i).getValue()[0]);
            } else {
                long[] other = lines.computeIfAbsent("other sources", k -> new long[window.buckets()]);
                long[] these = ranked.get(i).getValue()[0];
                for (int b = 0; b < other.length; b++) {
                    other[b] += these[b];
                }
            }
        }
        List<ChartSeries> chartSeries = new ArrayList<>();
        lines.forEach((source, values) -> chartSeries.add(new ChartSeries(source, doubles(values))));
        List<String> labels = window.labels();
        String caption = "Events ingested per source per hour, last " + window.buckets() + " hours (UTC)";
        String svg = new LineChart("chart-events", caption, labels, chartSeries, null).svg();
        List<String> columns = new ArrayList<>(List.of("Hour (UTC)"));
        columns.addAll(lines.keySet());
        List<Row> rows = new ArrayList<>();
        for (int b = 0; b < window.buckets() && !lines.isEmpty(); b++) {
            List<String> cells = new ArrayList<>();
            for (long[] values : lines.values()) {
                cells.add(Long.toString(values[b]));
            }
            rows.add(new Row(labels.get(b), cells));
        }
        return new Figure("events", caption, svg, columns, rows, false, "");
    }

    /** Deliveries: per channel a grouped bar chart of sent, failed, suppressed and clicked per day. */
    static List<Figure> deliveries(JsonNode series, Window window) {
        Map<String, long[][]> byChannel = counts(series, window, OUTCOMES);
        List<String> labels = window.labels();
        List<Figure> figures = new ArrayList<>();
        byChannel.forEach((channel, counts) -> {
            List<ChartSeries> bars = new ArrayList<>();
            for (int f = 0; f < OUTCOMES.size(); f++) {
                bars.add(new ChartSeries(OUTCOMES.get(f), doubles(counts[f])));
            }
            String caption = channel + ": messages per day, last " + window.buckets() + " days (UTC)";
            String svg = new BarChart("chart-deliveries-" + channel.replaceAll("[^A-Za-z0-9_-]", "_"), caption,
                    labels, bars).svg();
            List<Row> rows = new ArrayList<>();
            for (int b = 0; b < window.buckets(); b++) {
                List<String> cells = new ArrayList<>();
                for (int f = 0; f < OUTCOMES.size(); f++) {
                    cells.add(Long.toString(counts[f][b]));
                }
                rows.add(new Row(labels.get(b), cells));
            }
            List<String> columns = new ArrayList<>(List.of("Day"));
            columns.addAll(OUTCOMES);
            figures.add(new Figure("deliveries-" + channel, caption, svg, columns, rows, false, ""));
        });
        return figures;
    }

    /** The deliveries' totals over the window per channel, every outcome and fate (the visible table). */
    static List<Row> deliveryTotals(JsonNode series, Window window) {
        List<Row> rows = new ArrayList<>();
        counts(series, window, TABLE_OUTCOMES).forEach((channel, counts) -> {
            List<String> cells = new ArrayList<>();
            for (long[] field : counts) {
                cells.add(Long.toString(sum(field)));
            }
            rows.add(new Row(channel, cells));
        });
        return rows;
    }

    /** The weekly trend of one survey: the series' {@code value} per week, or computed from its counts. */
    static Figure survey(JsonNode series, Window window, String survey) {
        Double[] scores = new Double[window.buckets()];
        long[] responses = new long[window.buckets()];
        Map<Integer, long[]> parts = new TreeMap<>();
        for (JsonNode point : series.path("points")) {
            int i = window.indexOf(instant(point.path("at")));
            if (i < 0 || !survey.equals(point.path("dimension").asText())) {
                continue;
            }
            JsonNode c = point.path("counts");
            long[] p = parts.computeIfAbsent(i, k -> new long[4]);
            p[0] += c.path("responses").asLong(0);
            p[1] += c.path("promoters").asLong(0);
            p[2] += c.path("detractors").asLong(0);
            p[3] += c.path("sum").asLong(0);
            if (point.path("value").isNumber()) {
                scores[i] = point.path("value").asDouble();
            }
        }
        parts.forEach((i, p) -> {
            responses[i] = p[0];
            if (scores[i] == null && p[0] > 0) {
                scores[i] = "nps".equals(survey) ? round(100.0 * (p[1] - p[2]) / p[0]) : round(p[3] / (double) p[0]);
            }
        });
        String name = survey.toUpperCase(Locale.ROOT);
        ChartScale scale = switch (survey) {
            case "nps" -> ChartScale.fixed(-100, 100, 50);
            case "csat" -> ChartScale.fixed(1, 5, 1);
            default -> ChartScale.fixed(1, 7, 1);
        };
        List<String> labels = window.labels();
        String caption = name + " per week (weeks from Monday, UTC), last " + window.buckets() + " weeks";
        String svg = new LineChart("chart-" + survey, caption, labels, List.of(new ChartSeries(name,
                java.util.Arrays.asList(scores))), scale).svg();
        List<Row> rows = new ArrayList<>();
        for (int b = 0; b < window.buckets(); b++) {
            rows.add(new Row(labels.get(b), List.of(scores[b] == null ? "—" : number(scores[b]),
                    Long.toString(responses[b]))));
        }
        return new Figure(survey, caption, svg, List.of("Week of", name, "Responses"), rows, false, "");
    }

    // Journeys -------------------------------------------------------------------------------------------------------

    /** The journeys with the most conversions and their rate (conversions over entries); none without activity. */
    static Figure journeys(JsonNode list) {
        List<RankedBars.Item> items = new ArrayList<>();
        Map<RankedBars.Item, long[]> counts = new java.util.IdentityHashMap<>();
        for (JsonNode j : list) {
            long entered = j.path("entered").asLong(0);
            long conversions = j.path("conversions").asLong(0);
            if (entered == 0 && conversions == 0) {
                continue;
            }
            String name = j.path("name").asText(j.path("id").asText("?"));
            RankedBars.Item item = new RankedBars.Item(name, conversions, entered == 0 ? "no entries"
                    : percent(conversions / (double) entered) + " of " + entered + " entered");
            items.add(item);
            counts.put(item, new long[] {entered, conversions});
        }
        String caption = "Journeys with the most conversions (top " + TOP_JOURNEYS + ") and their conversion rate";
        RankedBars bars = new RankedBars("chart-journeys", caption, items, TOP_JOURNEYS);
        List<Row> rows = new ArrayList<>();
        for (RankedBars.Item item : bars.items()) {
            long[] c = counts.get(item);
            rows.add(new Row(item.label(), List.of(Long.toString(c[0]), Long.toString(c[1]),
                    c[0] == 0 ? "—" : percent(c[1] / (double) c[0]))));
        }
        return new Figure("journeys", caption, bars.svg(), List.of("Journey", "Entered", "Conversions",
                "Conversion rate"), rows, true, "");
    }

    // Formats --------------------------------------------------------------------------------------------------------

    static Instant instant(JsonNode at) {
        try {
            if (at.isNumber()) {
                return Instant.ofEpochMilli(Math.round(at.asDouble() * 1000));
            }
            return at.isTextual() ? Instant.parse(at.asText()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static String number(double value) {
        if (value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("0$", "");
    }

    static String percent(double share) {
        return number(Math.round(share * 1000) / 10.0) + "%";
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum;
    }

    private static List<Double> doubles(long[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add((double) v);
        }
        return list;
    }
}
