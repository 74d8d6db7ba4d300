package io.omnijourney.console.domain;

import java.util.List;

/**
 * A grouped bar chart over categories (days): per category a bar for each series side by side, each a
 * {@code <rect>} with {@code data-series}, {@code data-category} and {@code data-value}. The value axis starts at zero
 * (or below, for negative values).
 */
public final class BarChart {

    static final int PLOT_HEIGHT = 180;

    private final String id;
    private final String title;
    private final List<String> categories;
    private final List<ChartSeries> series;

    public BarChart(String id, String title, List<String> categories, List<ChartSeries> series) {
        this.id = id;
        this.title = title;
        this.categories = List.copyOf(categories);
        this.series = List.copyOf(series);
    }

    public ChartScale scale() {
        return ChartScale.covering(series);
    }

    public String svg() {
        if (categories.isEmpty() || series.stream().noneMatch(ChartSeries::hasValues)) {
            return Charts.empty(id, title);
        }
        ChartScale scale = scale();
        List<String> names = series.stream().map(ChartSeries::name).toList();
        int height = Charts.TOP + PLOT_HEIGHT + 28 + Charts.legendRows(names) * 18 + 6;
        StringBuilder svg = new StringBuilder(8192);
        Charts.open(svg, id, title, series.size() + " series over " + categories.size() + " categories, from "
                + categories.get(0) + " to " + categories.get(categories.size() - 1) + ": " + String.join(", ", names),
                height, "bar");
        Charts.valueAxis(svg, scale, Charts.TOP, PLOT_HEIGHT);
        int n = categories.size();
        double left = Charts.LEFT + 4;
        double slot = (Charts.WIDTH - Charts.RIGHT - left) / n;
        double gap = Math.min(8, slot * 0.2);
        double barWidth = (slot - gap) / Math.max(1, series.size());
        double[] centers = new double[n];
        for (int i = 0; i < n; i++) {
            centers[i] = left + slot * i + slot / 2;
        }
        double zero = Charts.TOP + PLOT_HEIGHT - scale.fraction(0) * PLOT_HEIGHT;
        for (int s = 0; s < series.size(); s++) {
            ChartSeries one = series.get(s);
            String name = Svg.esc(one.name());
            svg.append("<g class=\"series\" data-series=\"").append(name).append("\" fill=\"")
                    .append(Charts.color(s)).append("\">");
            for (int i = 0; i < n && i < one.values().size(); i++) {
                Double v = one.values().get(i);
                if (v == null || !Double.isFinite(v)) {
                    continue;
                }
                double y = Charts.TOP + PLOT_HEIGHT - scale.fraction(v) * PLOT_HEIGHT;
                double x = left + slot * i + gap / 2 + barWidth * s;
                // A zero is a hairline on the axis, so that it is there to point at.
                double h = Math.max(v == 0 ? 0.5 : 1, Math.abs(zero - y));
                String category = Svg.esc(categories.get(i));
                svg.append("<rect x=\"").append(Charts.num(x)).append("\" y=\"").append(Charts.num(Math.min(y, zero)))
                        .append("\" width=\"").append(Charts.num(Math.max(1, barWidth - 1))).append("\" height=\"")
                        .append(Charts.num(h)).append("\" data-series=\"").append(name).append("\" data-category=\"")
                        .append(category).append("\" data-value=\"").append(Charts.value(v)).append("\"><title>")
                        .append(name).append(", ").append(category).append(": ").append(Charts.value(v))
                        .append("</title></rect>");
            }
            svg.append("</g>");
        }
        Charts.categoryAxis(svg, categories, centers, Charts.TOP + PLOT_HEIGHT + 18, 7);
        Charts.legend(svg, names, Charts.TOP + PLOT_HEIGHT + 44);
        return svg.append("</svg>").toString();
    }
}
