package io.omnijourney.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Alerts with runbooks, dashboards and the metrics they read, the Kafka Exporter. */
class ObservabilityTest {

    static final List<String> ALERTS = List.of("OmniJourneyConsumerLagRising", "OmniJourneyConsumerStuck",
            "OmniJourneyDeadLetterTopicGrowing", "OmniJourneyLedgerFailures", "OmniJourneyHttp5xxRate",
            "OmniJourneyIngestUnavailable", "OmniJourneyTimerBacklog");

    /** Strimzi's Kafka Exporter's metrics the rules and dashboards use. */
    static final Set<String> KAFKA_EXPORTER = Set.of("kafka_consumergroup_lag", "kafka_consumergroup_current_offset",
            "kafka_topic_partition_current_offset");
    /** Metrics Quarkus' Micrometer binders export by themselves (HTTP server, JVM). */
    static final Set<String> MICROMETER = Set.of("http_server_requests_seconds_count", "jvm_memory_used_bytes");
    /**
     * Read by an alert or a panel but not exported by any service yet. The test fails once a service exports one:
     * then it leaves this list.
     */
    static final Set<String> AWAITED_FROM_SERVICES = Set.of();

    private static final Pattern METER = Pattern.compile(
            "(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer)\\.builder\\(\\s*\"([^\"]+)\"|\\.(counter|timer|gauge|summary)\\(\\s*\"([^\"]+)\"");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "delta",
            "deriv", "increase", "by", "without", "and", "or", "unless", "on", "ignoring", "bool", "offset",
            "histogram_quantile", "topk", "bottomk", "abs", "clamp_min", "clamp_max", "label_values");

    @Test
    void every_alert_exists_and_has_a_runbook_section_in_the_guide() throws IOException {
        PrometheusRule rules = RenderedOverlay.of("production").named(PrometheusRule.class, "omnijourney");
        List<Rule> alerts = rules.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).toList();
        assertThat(alerts).extracting(Rule::getAlert).containsExactlyInAnyOrderElementsOf(ALERTS);
        Set<String> anchors = anchors(Files.readString(Overlays.deployDir().resolve("README.md")));
        for (Rule alert : alerts) {
            assertThat(alert.getLabels()).as(alert.getAlert()).containsKey("severity");
            String runbook = alert.getAnnotations().get("runbook");
            assertThat(runbook).as(alert.getAlert()).isEqualTo("deploy/README.md#" + alert.getAlert().toLowerCase(Locale.ROOT));
            assertThat(anchors).as("runbook section of %s", alert.getAlert()).contains(runbook.substring(runbook.indexOf('#') + 1));
        }
    }

    @Test
    void every_metric_an_alert_or_a_dashboard_reads_is_exported() {
        Set<String> exported = new TreeSet<>(exportedByServices());
        assertThat(exported).as("metrics found in the services' sources")
                .contains("omnijourney_notification_outcomes_total", "omnijourney_ingest_events_rejected_total");
        assertThat(AWAITED_FROM_SERVICES).as("awaited metrics a service now exports: remove them from the list")
                .doesNotContainAnyElementsOf(exported);
        exported.addAll(KAFKA_EXPORTER);
        exported.addAll(MICROMETER);
        exported.addAll(AWAITED_FROM_SERVICES);

        List<String> expressions = new ArrayList<>();
        RenderedOverlay production = RenderedOverlay.of("production");
        production.named(PrometheusRule.class, "omnijourney").getSpec().getGroups()
                .forEach(g -> g.getRules().forEach(r -> expressions.add(r.getExpr().getStrVal())));
        for (JsonNode dashboard : dashboards(production)) {
            dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
        }
        assertThat(expressions).hasSizeGreaterThan(15);
        List<String> unknown = new ArrayList<>();
        for (String expression : expressions) {
            for (String metric : metrics(expression)) {
                if (!exported.contains(metric)) {
                    unknown.add(metric + " in " + expression.strip());
                }
            }
        }
        assertThat(unknown).as("metrics nobody exports").isEmpty();
    }

    @Test
    void the_metric_names_of_an_expression_are_found() {
        assertThat(metrics("sum by (namespace, topic) (delta(kafka_topic_partition_current_offset{topic=~\".+[.]dlq\"}[15m])) > 0"))
                .containsExactly("kafka_topic_partition_current_offset");
        assertThat(metrics("deriv((sum by (a) (kafka_consumergroup_lag))[15m:1m]) > 0 and x_total offset 5m"))
                .containsExactly("kafka_consumergroup_lag", "x_total");
    }

    @Test
    void dashboards_are_grafana_json_in_config_maps_with_the_sidecar_label() {
        RenderedOverlay production = RenderedOverlay.of("production");
        List<JsonNode> dashboards = dashboards(production);
        assertThat(dashboards).extracting(d -> d.get("uid").asText())
                .containsExactlyInAnyOrder("omnijourney-pipeline", "omnijourney-business");
        for (JsonNode dashboard : dashboards) {
            assertThat(dashboard.get("panels")).isNotEmpty();
            assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
            dashboard.get("panels").forEach(panel -> assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty());
        }
    }

    @Test
    void the_kafka_exporter_is_on_and_scraped() {
        for (String overlay : Overlays.ALL) {
            Kafka kafka = RenderedOverlay.of(overlay).ofType(Kafka.class).get(0);
            assertThat(kafka.getSpec().getKafkaExporter()).as(overlay).isNotNull();
            assertThat(kafka.getSpec().getKafkaExporter().getGroupRegex()).as(overlay).isEqualTo(".*");
        }
        PodMonitor monitor = RenderedOverlay.of("production").named(PodMonitor.class, "omnijourney-kafka-exporter");
        assertThat(monitor.getSpec().getSelector().getMatchLabels())
                .containsEntry("strimzi.io/name", "omnijourney-kafka-exporter");
    }

    private static List<JsonNode> dashboards(RenderedOverlay overlay) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> found = new ArrayList<>();
        for (ConfigMap config : overlay.ofType(ConfigMap.class)) {
            if ("1".equals(config.getMetadata().getLabels().get("grafana_dashboard"))) {
                config.getData().forEach((file, text) -> {
                    assertThat(file).endsWith(".json");
                    try {
                        found.add(json.readTree(text));
                    } catch (IOException e) {
                        throw new AssertionError(config.getMetadata().getName() + "/" + file + " is not JSON", e);
                    }
                });
            }
        }
        return found;
    }

    /** The metric names in a PromQL expression: identifiers outside braces and strings that are not functions or keywords. */
    static List<String> metrics(String expression) {
        String e = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\w+", " ");
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*+").matcher(e);
        while (m.find()) {
            String token = m.group();
            int end = m.end();
            boolean call = e.substring(end).stripLeading().startsWith("(");
            boolean duration = m.start() > 0 && Character.isDigit(e.charAt(m.start() - 1));
            if (!call && !duration && !PROMQL_WORDS.contains(token) && !names.contains(token)) {
                names.add(token);
            }
        }
        return names;
    }

    /** Prometheus names of the meters registered in the services' and service-kit's sources. */
    private static Set<String> exportedByServices() {
        Set<String> names = new TreeSet<>();
        List<String> modules = new ArrayList<>(ServiceTopics.SERVICES);
        modules.add("service-kit");
        for (String module : modules) {
            Path root = Overlays.repoRoot().resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = METER.matcher(Files.readString(file));
                    while (m.find()) {
                        String kind = m.group(1) != null ? m.group(1) : m.group(3);
                        String base = (m.group(2) != null ? m.group(2) : m.group(4)).replace('.', '_');
                        switch (kind.toLowerCase(Locale.ROOT)) {
                            case "counter" -> names.add(base + "_total");
                            case "timer", "longtasktimer" -> names.addAll(List.of(base + "_seconds", base + "_seconds_count",
                                    base + "_seconds_sum", base + "_seconds_max", base + "_seconds_bucket"));
                            case "distributionsummary", "summary" -> names.addAll(List.of(base, base + "_count", base + "_sum", base + "_max"));
                            default -> names.add(base);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** GitHub's heading anchors: lower case, spaces to dashes, punctuation dropped. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
