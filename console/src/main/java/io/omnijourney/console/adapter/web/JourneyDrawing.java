package io.omnijourney.console.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.console.domain.StepGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A journey definition and its statistics as the step graph's nodes and counts. */
final class JourneyDrawing {

    /** Steps drawn at most: a definition is bounded by journey-service, this bounds the page. */
    static final int MAX_STEPS = 500;

    private JourneyDrawing() {
    }

    static List<StepGraph.Node> nodes(JsonNode definition) {
        List<StepGraph.Node> nodes = new ArrayList<>();
        JsonNode steps = definition.path("steps");
        for (int i = 0; i < steps.size() && i < MAX_STEPS; i++) {
            JsonNode step = steps.get(i);
            if (!step.path("id").isTextual()) {
                continue;
            }
            nodes.add(new StepGraph.Node(step.get("id").asText(), step.path("type").asText("?"), detail(step),
                    edges(step)));
        }
        return nodes;
    }

    private static String detail(JsonNode step) {
        return switch (step.path("type").asText()) {
            case "send" -> step.path("channel").asText("") + fallback(step.path("fallback"));
            case "wait" -> join(step.path("duration").asText(""), step.path("until").asText(""));
            case "wait_for_event" -> step.path("event").asText("") + " ≤ " + step.path("timeout").asText("");
            case "wait_for_reply" -> step.path("channel").asText("sms") + " reply ≤ " + step.path("timeout").asText("");
            case "update_trait" -> step.path("trait").asText("");
            case "random_split" -> step.path("paths").size() + " paths";
            case "branch" -> step.path("conditions").size() + " conditions";
            default -> "";
        };
    }

    private static String fallback(JsonNode fallback) {
        List<String> channels = new ArrayList<>();
        fallback.forEach(c -> channels.add(c.asText()));
        return channels.isEmpty() ? "" : " → " + String.join(" → ", channels);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " until " + b;
    }

    private static List<StepGraph.Edge> edges(JsonNode step) {
        List<StepGraph.Edge> edges = new ArrayList<>();
        edge(edges, "", step.path("next"));
        edge(edges, "received", step.path("received"));
        edge(edges, "timed out", step.path("timedOut"));
        step.path("conditions").forEach(c -> edge(edges, "if " + c.path("if").asText(""), c.path("next")));
        edge(edges, "default", step.path("default"));
        step.path("paths").forEach(p -> edge(edges, p.path("percent").asText("") + "%"
                + (p.path("name").isTextual() ? " " + p.get("name").asText() : ""), p.path("next")));
        step.path("replies").forEach(r -> edge(edges, r.has("keywords") ? "reply " + keywords(r.get("keywords"))
                : "reply ~ " + r.path("pattern").asText(""), r.path("next")));
        edge(edges, "otherwise", step.path("otherwise"));
        return edges;
    }

    private static String keywords(JsonNode keywords) {
        List<String> words = new ArrayList<>();
        keywords.forEach(k -> words.add(k.asText()));
        return String.join("/", words);
    }

    private static void edge(List<StepGraph.Edge> edges, String label, JsonNode target) {
        if (target.isTextual() && !target.asText().isEmpty()) {
            edges.add(new StepGraph.Edge(label, target.asText()));
        }
    }

    static Map<String, StepGraph.Counts> counts(JsonNode stats) {
        Map<String, StepGraph.Counts> counts = new HashMap<>();
        stats.path("steps").forEach(s -> {
            Map<String, Long> exited = new java.util.TreeMap<>();
            s.path("exited").fields().forEachRemaining(e -> exited.put(e.getKey(), e.getValue().asLong()));
            counts.put(s.path("stepId").asText(), new StepGraph.Counts(s.path("entered").asLong(),
                    s.path("active").asLong(), exited, s.path("conversions").asLong()));
        });
        return counts;
    }
}
