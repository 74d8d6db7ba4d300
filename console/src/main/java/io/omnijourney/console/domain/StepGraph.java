package io.omnijourney.console.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A journey's steps as a graph drawn top to bottom: each step on the row of its shortest distance from the first
 * step, its outgoing branches as labelled arrows (an arrow back up is a loop), and its live counts inside the box.
 */
public final class StepGraph {

    static final int BOX_W = 210;
    static final int BOX_H = 96;
    static final int GAP_X = 40;
    static final int GAP_Y = 64;
    static final int PAD = 20;

    /** A branch out of a step: what it is ({@code next}, {@code timedOut}, {@code if …}, {@code 50%}) and where to. */
    public record Edge(String label, String target) {
    }

    /** A step: its id, type and a short description (channel, duration, event). */
    public record Node(String id, String type, String detail, List<Edge> edges) {
        public Node {
            edges = List.copyOf(edges);
        }
    }

    /** A step's live counts. {@code exited} by reason. */
    public record Counts(long entered, long active, Map<String, Long> exited, long conversions) {
        public static final Counts NONE = new Counts(0, 0, Map.of(), 0);

        public long exitedTotal() {
            return exited.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final List<Node> nodes;
    private final Map<String, Integer> row = new LinkedHashMap<>();
    private final Map<String, Integer> column = new HashMap<>();
    private int rows;
    private int columns;

    public StepGraph(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
        layout();
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The row of each step (0 for the first); unreachable steps come last. */
    public Map<String, Integer> rows() {
        return Map.copyOf(row);
    }

    private void layout() {
        if (nodes.isEmpty()) {
            return;
        }
        Map<String, Node> byId = new HashMap<>();
        nodes.forEach(n -> byId.putIfAbsent(n.id(), n));
        Deque<String> queue = new ArrayDeque<>();
        row.put(nodes.get(0).id(), 0);
        queue.add(nodes.get(0).id());
        while (!queue.isEmpty()) {
            String id = queue.poll();
            for (Edge edge : byId.get(id).edges()) {
                if (byId.containsKey(edge.target()) && !row.containsKey(edge.target())) {
                    row.put(edge.target(), row.get(id) + 1);
                    queue.add(edge.target());
                }
            }
        }
        int last = row.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (Node node : nodes) {
            if (!row.containsKey(node.id())) {
                row.put(node.id(), last + 1);
            }
        }
        Map<Integer, Integer> used = new HashMap<>();
        for (Node node : nodes) {
            int r = row.get(node.id());
            int c = used.merge(r, 1, Integer::sum) - 1;
            column.put(node.id(), c);
            columns = Math.max(columns, c + 1);
            rows = Math.max(rows, r + 1);
        }
    }

    /** The drawing, with each step's counts (a step without counts shows zeros). */
    public String svg(Map<String, Counts> counts) {
        int width = PAD * 2 + columns * BOX_W + Math.max(0, columns - 1) * GAP_X + 60;
        int height = PAD * 2 + rows * BOX_H + Math.max(0, rows - 1) * GAP_Y;
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"graph-title\"")
                .append(" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\">")
                .append("<title id=\"graph-title\">Journey steps and their live counts</title>")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\"")
                .append(" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#5b6478\"/>")
                .append("</marker></defs>");
        for (Node node : nodes) {
            for (Edge edge : node.edges()) {
                if (row.containsKey(edge.target())) {
                    edge(svg, node.id(), edge);
                }
            }
        }
        for (Node node : nodes) {
            box(svg, node, counts.getOrDefault(node.id(), Counts.NONE));
        }
        return svg.append("</svg>").toString();
    }

    private int x(String id) {
        return PAD + column.get(id) * (BOX_W + GAP_X);
    }

    private int y(String id) {
        return PAD + row.get(id) * (BOX_H + GAP_Y);
    }

    private void edge(StringBuilder svg, String from, Edge edge) {
        int x1 = x(from) + BOX_W / 2;
        int y1 = y(from) + BOX_H;
        int x2 = x(edge.target()) + BOX_W / 2;
        int y2 = y(edge.target());
        String path;
        int labelX;
        int labelY;
        if (y2 > y1) {
            path = "M" + x1 + "," + y1 + " C" + x1 + "," + (y1 + GAP_Y / 2) + " " + x2 + "," + (y2 - GAP_Y / 2) + " "
                    + x2 + "," + y2;
            labelX = (x1 + x2) / 2;
            labelY = (y1 + y2) / 2;
        } else {
            // A loop (or a jump to a step on the same row or above): around the right side of the boxes.
            int side = Math.max(x(from), x(edge.target())) + BOX_W + 30;
            int startY = y(from) + BOX_H / 2;
            int endY = y(edge.target()) + BOX_H / 2;
            path = "M" + (x(from) + BOX_W) + "," + startY + " C" + side + "," + startY + " " + side + "," + endY + " "
                    + (x(edge.target()) + BOX_W) + "," + endY;
            labelX = side - 10;
            labelY = (startY + endY) / 2;
        }
        svg.append("<g class=\"edge\" data-from=\"").append(Svg.esc(from)).append("\" data-to=\"")
                .append(Svg.esc(edge.target())).append("\"><path d=\"").append(path)
                .append("\" fill=\"none\" stroke=\"#5b6478\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>");
        if (!edge.label().isEmpty()) {
            svg.append("<text x=\"").append(labelX + 4).append("\" y=\"").append(labelY)
                    .append("\" font-size=\"11\" fill=\"#5b6478\">").append(Svg.esc(Svg.clip(edge.label(), 28)))
                    .append("</text>");
        }
        svg.append("</g>");
    }

    private void box(StringBuilder svg, Node node, Counts counts) {
        int x = x(node.id());
        int y = y(node.id());
        svg.append("<g class=\"step\" data-step=\"").append(Svg.esc(node.id())).append("\" data-entered=\"")
                .append(counts.entered()).append("\" data-active=\"").append(counts.active())
                .append("\" data-conversions=\"").append(counts.conversions()).append("\">")
                .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_W)
                .append("\" height=\"").append(BOX_H).append("\" rx=\"8\" fill=\"").append(fill(node.type()))
                .append("\" stroke=\"#8a93a8\"/>");
        text(svg, x + 10, y + 20, 13, "600", Svg.clip(node.id(), 26));
        text(svg, x + 10, y + 38, 11, "400", Svg.clip(node.type().replace('_', ' ')
                + (node.detail().isEmpty() ? "" : " · " + node.detail()), 34));
        text(svg, x + 10, y + 60, 12, "400", "entered " + fmt(counts.entered()) + " · active " + fmt(counts.active()));
        text(svg, x + 10, y + 80, 12, "400", "exited " + fmt(counts.exitedTotal()) + exitReasons(counts.exited())
                + " · conv " + fmt(counts.conversions()));
        svg.append("</g>");
    }

    private static String exitReasons(Map<String, Long> exited) {
        if (exited.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        exited.forEach((reason, n) -> parts.add(reason + " " + fmt(n)));
        return Svg.clip(" (" + String.join(", ", parts) + ")", 20);
    }

    private static void text(StringBuilder svg, int x, int y, int size, String weight, String value) {
        svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" font-size=\"").append(size)
                .append("\" font-weight=\"").append(weight).append("\" fill=\"#1d2330\">").append(Svg.esc(value))
                .append("</text>");
    }

    private static String fill(String type) {
        return switch (type) {
            case "send" -> "#e8f0ff";
            case "wait", "wait_for_event", "wait_for_reply" -> "#fff6e5";
            case "branch", "random_split" -> "#f1ebff";
            case "exit" -> "#eeeeee";
            default -> "#f4f6fa";
        };
    }

    static String fmt(long n) {
        return n < 10_000 ? Long.toString(n) : String.format(Locale.ROOT, "%.1fk", n / 1000.0);
    }
}
