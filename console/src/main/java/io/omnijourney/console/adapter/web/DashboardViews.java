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

    /**
     * One survey's counters added up over some buckets of profile-service's survey series: the answers, NPS promoters
     * and detractors, the sum of CSAT or CES scores, and the survey messages sent.
     */
    record SurveyCounts(long responses, long promoters, long detractors, long sum, long sent) {

        /** The series' counter names, in the order of the components. */
        static final List<String> FIELDS = List.of("responses", "promoters", "detractors", "sum", "sent");
        static final SurveyCounts NONE = new SurveyCounts(0, 0, 0, 0, 0);

        /** Buckets {@code from} (inclusive) to {@code to} of a survey's counts, as {@link DashboardViews#counts} gives. */
        static SurveyCounts of(long[][] perBucket, int from, int to) {
            long[] t = new long[FIELDS.size()];
            for (int f = 0; f < t.length; f++) {
                for (int i = from; i < to; i++) {
                    t[f] += perBucket[f][i];
                }
            }
            return new SurveyCounts(t[0], t[1], t[2], t[3], t[4]);
        }

        /** NPS (% promoters minus % detractors) or the average score; null without answers. */
        Double score(boolean nps) {
            if (responses == 0) {
                return null;
            }
            return nps ? 100.0 * (promoters - detractors) / responses : (double) sum / responses;
        }
    }

    /**
     * The KPI cards over the window's days, added up from profile-service's daily survey buckets ({@code survey-days}):
     * NPS, the CSAT and CES averages, the answers, and the answers against the survey messages sent in the same days.
     */
    static List<Kpi> kpis(Map<String, SurveyCounts> totals) {
        return List.of(
                kpi("nps", "NPS", "-100 to 100", totals.getOrDefault("nps", SurveyCounts.NONE), true),
                kpi("csat", "CSAT", "1 to 5", totals.getOrDefault("csat", SurveyCounts.NONE), false),
                kpi("ces", "CES", "1 to 7", totals.getOrDefault("ces", SurveyCounts.NONE), false));
    }

    /** The answers against the survey messages sent, all surveys together; empty when none was sent. */
    static String overallRate(Map<String, SurveyCounts> totals) {
        long answered = 0;
        long sent = 0;
        for (SurveyCounts t : totals.values()) {
            answered += t.responses();
            sent += t.sent();
        }
        return rate(answered, sent);
    }

    /** Each survey's counters over the whole window. */
    static Map<String, SurveyCounts> surveyTotals(JsonNode surveyDays, Window days) {
        Map<String, SurveyCounts> totals = new TreeMap<>();
        counts(surveyDays, days, SurveyCounts.FIELDS).forEach((survey, perDay) -> totals.put(survey,
                SurveyCounts.of(perDay, 0, days.buckets())));
        return totals;
    }

    private static Kpi kpi(String id, String label, String scale, SurveyCounts counts, boolean nps) {
        Double score = counts.score(nps);
        String value = score == null ? "—" : (nps && score > 0 ? "+" : "") + number(round(score));
        return new Kpi(id, label, value, scale, counts.responses(), rate(counts.responses(), counts.sent()));
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
        for (JsonNode point : series.path("points")) {
            int i = window.indexOf(instant(point.path("at")));
            if (i >= 0 && survey.equals(point.path("dimension").asText()) && point.path("value").isNumber()) {
                scores[i] = point.path("value").asDouble();
            }
        }
        long[][] perWeek = counts(series, window, SurveyCounts.FIELDS).get(survey);
        for (int i = 0; perWeek != null && i < window.buckets(); i++) {
            SurveyCounts week = SurveyCounts.of(perWeek, i, i + 1);
            responses[i] = week.responses();
            Double computed = week.score("nps".equals(survey));
            if (scores[i] == null && computed != null) {
                scores[i] = round(computed);
            }
        }
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
