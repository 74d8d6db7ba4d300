package io.omnijourney.console.domain;

import java.util.Comparator;
import java.util.List;

/**
 * Horizontal bars ranking items by a value (journeys by conversions), largest first, each with a note (its
 * conversion rate): a {@code <rect>} per item with {@code data-series} (the item) and {@code data-value}.
 */
public final class RankedBars {

    static final int ROW = 40;

    /** One bar: what it is, its value, and a note after the value. */
    public record Item(String label, double value, String note) {
    }

    private final String id;
    private final String title;
    private final List<Item> items;

    /** The {@code top} largest items. */
    public RankedBars(String id, String title, List<Item> items, int top) {
        this.id = id;
        this.title = title;
        this.items = items.stream().sorted(Comparator.comparingDouble(Item::value).reversed()).limit(top).toList();
    }

    public List<Item> items() {
        return items;
    }

    public String svg() {
        if (items.isEmpty()) {
            return Charts.empty(id, title);
        }
        double high = items.stream().mapToDouble(Item::value).max().orElse(0);
        ChartScale scale = ChartScale.around(0, Math.max(0, high), 4);
        int height = Charts.TOP + items.size() * ROW + 6;
        StringBuilder svg = new StringBuilder(2048);
        Charts.open(svg, id, title, items.size() + " bars, largest first", height, "ranked");
        double left = 8;
        double width = Charts.WIDTH - Charts.RIGHT - left - 150;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            double y = Charts.TOP + i * ROW;
            double w = item.value() <= 0 ? 1 : Math.max(2, scale.fraction(item.value()) * width);
            String label = Svg.esc(item.label());
            svg.append("<g class=\"bar\" data-series=\"").append(label).append("\">");
            Charts.text(svg, left, y + 10, "start", 12, "#1e293b", Svg.clip(item.label(), 60));
            svg.append("<rect x=\"").append(Charts.num(left)).append("\" y=\"").append(Charts.num(y + 15))
                    .append("\" width=\"").append(Charts.num(w)).append("\" height=\"16\" fill=\"")
                    .append(Charts.color(0)).append("\" data-series=\"").append(label).append("\" data-value=\"")
                    .append(Charts.value(item.value())).append("\"><title>").append(label).append(": ")
                    .append(Charts.value(item.value())).append("</title></rect>");
            Charts.text(svg, left + w + 6, y + 28, "start", 12, "#334155", Charts.value(item.value())
                    + (item.note() == null || item.note().isEmpty() ? "" : " · " + item.note()));
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }
}
