package io.omnijourney.deploy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validation itself can fail: an unknown field, a value of the wrong type, a field the pinned API version no
 * longer has, each in a built-in kind, a Strimzi kind, a Prometheus Operator kind, a Gateway API kind and
 * MongoDBCommunity. Each case breaks one real rendered object and expects exactly that problem to be reported.
 */
class StrictValidationTest {

    @Test
    void an_unknown_field_of_a_built_in_kind_is_reported() {
        assertThat(problemsOf("production", "Deployment", "ingest-service", o -> spec(o).put("replica", 2)))
                .singleElement().asString().startsWith(".spec.replica");
    }

    @Test
    void a_string_where_the_kubernetes_api_wants_an_integer_is_reported() {
        assertThat(problemsOf("production", "HorizontalPodAutoscaler", "ingest-service", o -> spec(o).put("maxReplicas", "20")))
                .singleElement().asString().contains("maxReplicas");
    }

    @Test
    void an_integer_where_the_kubernetes_api_wants_a_string_is_reported() {
        assertThat(problemsOf("production", "ConfigMap", "ingest-service",
                o -> KustomizeRenderer.map(o.get("data")).put("OMNIJOURNEY_INGEST_KAFKA_PARTITIONS", 12)))
                .singleElement().asString().contains("Integer value (12)").contains("OMNIJOURNEY_INGEST_KAFKA_PARTITIONS");
    }

    @Test
    void strimzi_unknown_fields_and_wrong_types_are_reported() {
        assertThat(problemsOf("production", "KafkaTopic", "touchpoints", o -> spec(o).put("replicationFactor", 3)))
                .singleElement().asString().startsWith(".spec.replicationFactor");
        assertThat(problemsOf("production", "KafkaTopic", "touchpoints", o -> spec(o).put("partitions", "12")))
                .singleElement().asString().contains("partitions");
    }

    @Test
    void a_strimzi_field_that_kafka_strimzi_io_v1_dropped_is_reported() {
        // spec.kafka.replicas existed in v1beta2 (before node pools); v1 has no such field.
        assertThat(problemsOf("production", "Kafka", "omnijourney",
                o -> KustomizeRenderer.map(spec(o).get("kafka")).put("replicas", 3)))
                .singleElement().asString().isEqualTo(".spec.kafka.replicas: not in kafka.strimzi.io/v1");
    }

    @Test
    void a_strimzi_field_that_v1_requires_is_reported_when_missing() {
        assertThat(problemsOf("production", "Kafka", "omnijourney", o -> o.remove("spec")))
                .containsExactly(".spec: required in kafka.strimzi.io/v1");
    }

    @Test
    void prometheus_operator_and_gateway_api_objects_are_validated() {
        assertThat(problemsOf("production", "PrometheusRule", "omnijourney", o -> spec(o).put("group", "x")))
                .singleElement().asString().startsWith(".spec.group");
        assertThat(problemsOf("sites/example", "HTTPRoute", "omnijourney-api", o -> spec(o).put("hostnames", "api")))
                .singleElement().asString().contains("hostnames");
    }

    @Test
    void mongodbcommunity_is_validated_against_its_crd_schema() {
        assertThat(problemsOf("production", "MongoDBCommunity", "omnijourney-mongodb", o -> spec(o).put("members", "3")))
                .containsExactly(".spec.members: must be an integer, is String 3");
        assertThat(problemsOf("production", "MongoDBCommunity", "omnijourney-mongodb", o -> spec(o).put("arbiter", 1)))
                .containsExactly(".spec.arbiter: unknown field");
        assertThat(problemsOf("production", "MongoDBCommunity", "omnijourney-mongodb", o -> spec(o).remove("users")))
                .containsExactly(".spec.users: required field missing");
        assertThat(problemsOf("production", "MongoDBCommunity", "omnijourney-mongodb",
                o -> KustomizeRenderer.map(KustomizeRenderer.map(spec(o).get("statefulSet")).get("spec")).put("replica", 3)))
                .singleElement().asString().startsWith(".spec.statefulSet.spec.replica");
    }

    @Test
    void an_object_of_a_kind_without_schema_is_reported() {
        Map<String, Object> object = new LinkedHashMap<>(Map.of("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", Map.of("name", "w")));
        assertThat(Manifests.schemaProblems(object)).singleElement().asString().contains("no schema known");
    }

    private static List<String> problemsOf(String overlay, String kind, String name, Consumer<Map<String, Object>> breakIt) {
        Map<String, Object> original = RenderedOverlay.of(overlay).rawNamed(kind, name);
        assertThat(Manifests.schemaProblems(original)).as("%s/%s is valid before the change", kind, name).isEmpty();
        Map<String, Object> copy = KustomizeRenderer.parseAll(toYaml(original)).get(0);
        breakIt.accept(copy);
        return Manifests.schemaProblems(copy);
    }

    private static Map<String, Object> spec(Map<String, Object> object) {
        return KustomizeRenderer.map(object.get("spec"));
    }

    private static String toYaml(Map<String, Object> object) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(object);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
