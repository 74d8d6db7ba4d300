package io.omnijourney.console.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A line chart over categories (hours, weeks): a {@code <path>} per series ({@code data-series}) and a dot per value
 * ({@code data-series}, {@code data-category}, {@code data-value}); a missing value leaves a gap in the line. The
 * value axis fits the data (zero included) unless a fixed scale is given (NPS from -100 to 100).
 */
public final class LineChart {

    static final int PLOT_HEIGHT = 200;
    static final int INSET = 24;

    private final String id;
    private final String title;
    private final List<String> categories;
    private final List<ChartSeries> series;
    private final ChartScale fixed;

    /**
     * @param id         the SVG element's id (its title and description ids derive from it)
     * @param categories the label of each position, oldest first
     * @param series     each with a value (or null) per category
     * @param fixed      the value axis, or null to fit it to the data
     */
    public LineChart(String id, String title, List<String> categories, List<ChartSeries> series, ChartScale fixed) {
        this.id = id;
        this.title = title;
        this.categories = List.copyOf(categories);
        this.series = List.copyOf(series);
        this.fixed = fixed;
    }

    /** The value axis drawn: the fixed one, or one around the values and zero. */
    public ChartScale scale() {
        if (fixed != null) {
            return fixed;
        }
        return ChartScale.covering(series);
    }

    public String svg() {
        if (categories.isEmpty() || series.stream().noneMatch(ChartSeries::hasValues)) {
            return Charts.empty(id, title);
        }
        ChartScale scale = scale();
        List<String> names = series.stream().map(ChartSeries::name).toList();
        int height = Charts.TOP + PLOT_HEIGHT + 28 + Charts.legendRows(names) * 18 + 6;
        StringBuilder svg = new StringBuilder(4096);
        Charts.open(svg, id, title, description(), height, "line");
        Charts.valueAxis(svg, scale, Charts.TOP, PLOT_HEIGHT);
        double[] xs = xs();
        Charts.categoryAxis(svg, categories, xs, Charts.TOP + PLOT_HEIGHT + 18, 6);
        for (int s = 0; s < series.size(); s++) {
            line(svg, s, series.get(s), scale, xs);
        }
        Charts.legend(svg, names, Charts.TOP + PLOT_HEIGHT + 44);
        return svg.append("</svg>").toString();
    }

    private double[] xs() {
        int n = categories.size();
        double left = Charts.LEFT + INSET;
        double width = Charts.WIDTH - Charts.RIGHT - INSET - left;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = n == 1 ? left + width / 2 : left + width * i / (n - 1);
        }
        return xs;
    }

    private void line(StringBuilder svg, int index, ChartSeries s, ChartScale scale, double[] xs) {
        String name = Svg.esc(s.name());
        String color = Charts.color(index);
        StringBuilder d = new StringBuilder();
        List<String> dots = new ArrayList<>();
        boolean pen = false;
        String radius = xs.length > 24 ? "2" : "3.5";
        for (int i = 0; i < xs.length && i < s.values().size(); i++) {
            Double v = s.values().get(i);
            if (v == null || !Double.isFinite(v)) {
                pen = false;
                continue;
            }
            double y = Charts.TOP + PLOT_HEIGHT - scale.fraction(v) * PLOT_HEIGHT;
            d.append(pen ? " L" : (d.length() == 0 ? "M" : " M")).append(Charts.num(xs[i])).append(' ')
                    .append(Charts.num(y));
            pen = true;
            dots.add("<circle cx=\"" + Charts.num(xs[i]) + "\" cy=\"" + Charts.num(y) + "\" r=\"" + radius
                    + "\" fill=\"" + color + "\" data-series=\"" + name + "\" data-category=\""
                    + Svg.esc(categories.get(i)) + "\" data-value=\"" + Charts.value(v) + "\"><title>" + name + ", " + Svg.esc(categories.get(i))
                    + ": " + Charts.value(v) + "</title></circle>");
        }
        svg.append("<g class=\"series\" data-series=\"").append(name).append("\">");
        if (d.length() > 0) {
            svg.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"2\" stroke-linejoin=\"round\" data-series=\"").append(name)
                    .append("\"/>");
        }
        dots.forEach(svg::append);
        svg.append("</g>");
    }

    private String description() {
        return series.size() + " series over " + categories.size() + " points, from " + categories.get(0) + " to "
                + categories.get(categories.size() - 1) + ": "
                + String.join(", ", series.stream().map(ChartSeries::name).filter(Objects::nonNull).toList());
    }
}
