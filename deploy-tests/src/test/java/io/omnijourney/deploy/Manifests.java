package io.omnijourney.deploy;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Strict schema validation of rendered objects, without a cluster. Built-in kinds are read into the fabric8
 * Kubernetes model, Strimzi's kinds into Strimzi's own model (io.strimzi:api, read for kafka.strimzi.io/v1 only: a
 * property its marks place in other API versions is refused, a property marked required in v1 must be there; see
 * {@link StrimziApiVersions} and the pom for why the model is 0.51), the Prometheus Operator's and Gateway API's kinds into fabric8's models of them, and MongoDBCommunity, which
 * has no Java model, is checked against its CRD's OpenAPI schema (vendored, {@link CrdSchema}). Every field a schema
 * does not define is a problem (the typed models keep such fields in {@code additionalProperties}), and so is every
 * value of the wrong type: the reader refuses the coercions Jackson would otherwise make ("3" for an integer, 3 for a
 * string, "true" for a boolean), which the API server refuses too.
 */
final class Manifests {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(strictMapper(), true);

    private static final Map<String, Class<? extends HasMetadata>> CUSTOM_KINDS = Map.of(
            "kafka.strimzi.io/v1/Kafka", Kafka.class,
            "kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
            "monitoring.coreos.com/v1/PodMonitor", PodMonitor.class,
            "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class,
            "gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class);

    private static final String MONGODB_COMMUNITY = "mongodbcommunity.mongodb.com/v1/MongoDBCommunity";
    private static final CrdSchema MONGODB_COMMUNITY_SCHEMA = CrdSchema.load("crds/mongodbcommunity.mongodb.com_v1.yaml");

    private Manifests() {
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder().disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build();
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    static String kindId(Map<String, Object> object) {
        return object.get("apiVersion") + "/" + object.get("kind");
    }

    /** The object in its typed model; MongoDBCommunity (no model) stays generic. Throws on a wrong type. */
    static HasMetadata typed(Map<String, Object> object) {
        String id = kindId(object);
        if (id.equals(MONGODB_COMMUNITY)) {
            return SERIALIZATION.convertValue(object, GenericKubernetesResource.class);
        }
        Class<? extends HasMetadata> custom = CUSTOM_KINDS.get(id);
        KubernetesResource resource = custom != null
                ? SERIALIZATION.convertValue(object, custom)
                : SERIALIZATION.convertValue(object, KubernetesResource.class);
        if (!(resource instanceof HasMetadata typed) || resource instanceof GenericKubernetesResource) {
            throw new IllegalArgumentException("no schema known for " + id);
        }
        return typed;
    }

    /** Everything the object's schema refuses: unknown fields (by path), wrong types, unknown kinds. */
    static List<String> schemaProblems(Map<String, Object> object) {
        List<String> problems = new ArrayList<>();
        HasMetadata typed;
        try {
            typed = typed(object);
        } catch (IllegalArgumentException e) {
            // Jackson's message names the field and the expected type.
            problems.add(firstLine(e.getMessage()));
            return problems;
        }
        if (kindId(object).equals(MONGODB_COMMUNITY)) {
            MONGODB_COMMUNITY_SCHEMA.validate(object, problems);
            walkStrict(object.get("metadata"), ObjectMeta.class, ".metadata", problems);
            if (object.get("spec") instanceof Map<?, ?> spec && spec.get("statefulSet") instanceof Map<?, ?> sts) {
                // The operator merges this partial StatefulSetSpec into its own: the fields must be StatefulSet fields.
                walkStrict(sts.get("spec"), StatefulSetSpec.class, ".spec.statefulSet.spec", problems);
            }
        } else {
            walk(typed, "", problems);
            coercedValues(object, SERIALIZATION.convertValue(typed, Map.class), "", problems);
        }
        // Some Strimzi classes expose the same map through two getters.
        return problems.stream().distinct().toList();
    }

    /**
     * Jackson still turns a string into a number or a boolean for some model classes, whatever its coercion settings.
     * Reading the typed object back shows it: where the manifest has a string and the model holds a number or a
     * boolean, the API server would have refused the value.
     */
    private static void coercedValues(Object raw, Object read, String path, List<String> problems) {
        if (raw instanceof Map<?, ?> rawMap && read instanceof Map<?, ?> readMap) {
            rawMap.forEach((k, v) -> coercedValues(v, readMap.get(k), path + "." + k, problems));
        } else if (raw instanceof List<?> rawList && read instanceof List<?> readList && rawList.size() == readList.size()) {
            for (int i = 0; i < rawList.size(); i++) {
                coercedValues(rawList.get(i), readList.get(i), path + "[" + i + "]", problems);
            }
        } else if (raw instanceof String s && (read instanceof Number || read instanceof Boolean)) {
            problems.add(path + ": must be a " + (read instanceof Boolean ? "boolean" : "number") + ", is the string \"" + s + "\"");
        }
    }

    private static void walkStrict(Object value, Class<?> type, String path, List<String> problems) {
        try {
            walk(SERIALIZATION.convertValue(value, type), path, problems);
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + firstLine(e.getMessage()));
        }
    }

    /** Jackson's message: what was refused, and the path to it (its reference chain). */
    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        String first = message.lines().findFirst().orElse(message);
        int chain = message.indexOf("(through reference chain:");
        return chain < 0 ? first : first + " " + message.substring(chain).lines().findFirst().orElse("");
    }

    private static void walk(Object node, String path, List<String> unknown) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
                || node instanceof Enum<?>) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> walk(v, path + "." + k, unknown));
            return;
        }
        if (!isModel(node.getClass())) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = invoke(getter, node);
            if (node.getClass().getName().startsWith("io.strimzi.api")) {
                String field = path + "." + decapitalize(getter.getName().substring(3));
                if (value != null && !StrimziApiVersions.present(node.getClass(), getter.getName(), StrimziApiVersions.V1)) {
                    unknown.add(field + ": not in kafka.strimzi.io/" + StrimziApiVersions.V1);
                }
                if (value == null && StrimziApiVersions.required(node.getClass(), getter.getName(), StrimziApiVersions.V1)) {
                    unknown.add(field + ": required in kafka.strimzi.io/" + StrimziApiVersions.V1);
                }
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k + ": unknown field"));
                }
            } else {
                walk(value, path + "." + decapitalize(getter.getName().substring(3)), unknown);
            }
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model") || name.startsWith("io.fabric8.openshift.api.model")
                || name.startsWith("io.strimzi.api");
    }

    private static Object invoke(Method getter, Object node) {
        try {
            return getter.invoke(node);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    private static String decapitalize(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
