package io.omnijourney.console.domain;

import java.util.List;
import java.util.Locale;

/** What the charts share: the frame, the palette, the legend, number formats and the empty chart. */
final class Charts {

    static final int WIDTH = 640;
    static final int LEFT = 52;
    static final int RIGHT = 14;
    static final int TOP = 14;
    static final String[] PALETTE = {"#2563eb", "#dc2626", "#f59e0b", "#16a34a", "#7c3aed", "#0891b2", "#db2777",
        "#65a30d", "#475569", "#ea580c"};
    static final String NO_DATA = "No data yet";

    private Charts() {
    }

    static String color(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** The opening tag and the accessible name: a {@code <title>} and a {@code <desc>}. */
    static void open(StringBuilder svg, String id, String title, String description, int height, String kind) {
        String safeId = Svg.esc(id);
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" id=\"").append(safeId)
                .append("\" data-chart=\"").append(kind).append("\" aria-labelledby=\"").append(safeId)
                .append("-title ").append(safeId).append("-desc\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" font-family=\"system-ui, sans-serif\">");
        svg.append("<title id=\"").append(safeId).append("-title\">").append(Svg.esc(title)).append("</title>");
        svg.append("<desc id=\"").append(safeId).append("-desc\">").append(Svg.esc(description)).append("</desc>");
    }

    /** A chart with nothing to draw: its frame and "No data yet". */
    static String empty(String id, String title) {
        StringBuilder svg = new StringBuilder(512);
        open(svg, id, title, NO_DATA, 120, "empty");
        svg.append("<rect x=\"0.5\" y=\"0.5\" width=\"").append(WIDTH - 1)
                .append("\" height=\"119\" fill=\"none\" stroke=\"#cbd5e1\" stroke-dasharray=\"4 4\"/>");
        text(svg, WIDTH / 2.0, 64, "middle", 14, "#64748b", NO_DATA);
        return svg.append("</svg>").toString();
    }

    /** Horizontal grid lines and value labels on the left, for each tick of the scale. */
    static void valueAxis(StringBuilder svg, ChartScale scale, double top, double height) {
        svg.append("<g class=\"axis y\">");
        for (double tick : scale.ticks()) {
            double y = top + height - scale.fraction(tick) * height;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(num(y)).append("\" y2=\"").append(num(y)).append("\" stroke=\"")
                    .append(tick == 0 ? "#94a3b8" : "#e2e8f0").append("\"/>");
            text(svg, LEFT - 6, y + 4, "end", 12, "#475569", label(tick));
        }
        svg.append("</g>");
    }

    /** A few category labels under the plot (at most {@code most}, evenly spread, the last always shown). */
    static void categoryAxis(StringBuilder svg, List<String> categories, double[] xs, double y, int most) {
        svg.append("<g class=\"axis x\">");
        int n = categories.size();
        int every = Math.max(1, (int) Math.ceil(n / (double) most));
        for (int i = 0; i < n; i++) {
            boolean last = i == n - 1;
            if (last || i % every == 0 && n - 1 - i >= every) {
                text(svg, xs[i], y, "middle", 12, "#475569", Svg.clip(categories.get(i), 14));
            }
        }
        svg.append("</g>");
    }

    /** The legend under the plot: a swatch and a name per series, wrapped over rows. Returns the height used. */
    static int legend(StringBuilder svg, List<String> names, double top) {
        svg.append("<g class=\"legend\">");
        double x = LEFT;
        double y = top;
        for (int i = 0; i < names.size(); i++) {
            String name = Svg.clip(names.get(i), 24);
            double w = 22 + name.length() * 7.5;
            if (x + w > WIDTH - RIGHT && x > LEFT) {
                x = LEFT;
                y += 18;
            }
            svg.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y - 9)).append("\" width=\"10\" "
                    + "height=\"10\" fill=\"").append(color(i)).append("\"/>");
            text(svg, x + 14, y, "start", 13, "#1e293b", name);
            x += w + 12;
        }
        svg.append("</g>");
        return (int) (y - top) + 18;
    }

    /** Rows the legend will take, to size the picture before drawing it. */
    static int legendRows(List<String> names) {
        int rows = 1;
        double x = LEFT;
        for (String n : names) {
            double w = 22 + Svg.clip(n, 24).length() * 7.5;
            if (x + w > WIDTH - RIGHT && x > LEFT) {
                rows++;
                x = LEFT;
            }
            x += w + 12;
        }
        return names.isEmpty() ? 0 : rows;
    }

    static void text(StringBuilder svg, double x, double y, String anchor, int size, String fill, String value) {
        svg.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"")
                .append(anchor).append("\" font-size=\"").append(size).append("\" fill=\"").append(fill).append("\">")
                .append(Svg.esc(value)).append("</text>");
    }

    /** A coordinate with one decimal. */
    static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A value as data: an integer as one, else with up to two decimals. */
    static String value(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("0$", "");
    }

    /** A tick label: 1200 as 1.2k, 2500000 as 2.5M. */
    static String label(double value) {
        double a = Math.abs(value);
        if (a >= 1_000_000) {
            return value(Math.round(value / 100_000.0) / 10.0) + "M";
        }
        if (a >= 10_000) {
            return value(Math.round(value / 100.0) / 10.0) + "k";
        }
        return value(value);
    }
}
