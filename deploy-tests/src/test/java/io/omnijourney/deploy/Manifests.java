package io.omnijourney.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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
import java.util.Set;

/**
 * Turns rendered objects into typed Kubernetes objects and finds every field their schema does not know.
 * Built-in kinds use the fabric8 model, Strimzi's kinds its own model (both keep unknown fields in
 * {@code additionalProperties}); MongoDBCommunity, which has no Java model, is checked against the fields of its
 * CRD (v1) that deploy/ may use.
 */
final class Manifests {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Map<String, Class<? extends HasMetadata>> CUSTOM_KINDS = Map.of(
            "kafka.strimzi.io/v1beta2/Kafka", Kafka.class,
            "kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    private Manifests() {
    }

    static HasMetadata typed(Map<String, Object> object) {
        String id = object.get("apiVersion") + "/" + object.get("kind");
        if (id.equals("mongodbcommunity.mongodb.com/v1/MongoDBCommunity")) {
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

    /** Paths of every field that the object's schema does not define (an empty list when all are known). */
    static List<String> unknownFields(Map<String, Object> object) {
        HasMetadata typed = typed(object);
        List<String> unknown = new ArrayList<>();
        if (typed instanceof GenericKubernetesResource) {
            unknownMongoDbCommunityFields(object, unknown);
            walk(SERIALIZATION.convertValue(object.get("metadata"), io.fabric8.kubernetes.api.model.ObjectMeta.class),
                    "metadata", unknown);
        } else {
            walk(typed, "", unknown);
        }
        // Some Strimzi classes expose the same map through two getters.
        return unknown.stream().distinct().toList();
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
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
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

    // The MongoDB community operator's CRD, v1: the fields of spec (statefulSet.spec is a StatefulSetSpec).
    private static final Set<String> MDBC_SPEC = Set.of("additionalMongodConfig", "arbiters",
            "featureCompatibilityVersion", "members", "replicaSetHorizons", "security", "statefulSet", "type", "users",
            "version", "additionalConnectionStringConfig", "agent", "prometheus", "memberConfig");
    private static final Set<String> MDBC_SECURITY = Set.of("authentication", "roles", "tls");
    private static final Set<String> MDBC_AUTHENTICATION = Set.of("ignoreUnknownUsers", "modes", "agentMode",
            "agentCertificateSecretRef");
    private static final Set<String> MDBC_USER = Set.of("db", "name", "passwordSecretRef", "roles",
            "scramCredentialsSecretName", "connectionStringSecretName", "connectionStringSecretNamespace",
            "additionalConnectionStringConfig");
    private static final Set<String> MDBC_SECRET_REF = Set.of("name", "key");
    private static final Set<String> MDBC_ROLE = Set.of("db", "name");
    private static final Set<String> MDBC_STATEFUL_SET = Set.of("spec", "metadata");

    private static void unknownMongoDbCommunityFields(Map<String, Object> object, List<String> unknown) {
        for (String key : object.keySet()) {
            if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(key)) {
                unknown.add("." + key);
            }
        }
        Map<String, Object> spec = KustomizeRenderer.map(object.get("spec"));
        check(spec, MDBC_SPEC, ".spec", unknown);
        if (spec.get("security") instanceof Map<?, ?> security) {
            Map<String, Object> s = KustomizeRenderer.map(security);
            check(s, MDBC_SECURITY, ".spec.security", unknown);
            if (s.get("authentication") instanceof Map<?, ?> auth) {
                check(KustomizeRenderer.map(auth), MDBC_AUTHENTICATION, ".spec.security.authentication", unknown);
            }
        }
        int i = 0;
        for (Object u : KustomizeRenderer.list(spec.get("users"))) {
            Map<String, Object> user = KustomizeRenderer.map(u);
            String path = ".spec.users[" + i++ + "]";
            check(user, MDBC_USER, path, unknown);
            if (user.get("passwordSecretRef") instanceof Map<?, ?> ref) {
                check(KustomizeRenderer.map(ref), MDBC_SECRET_REF, path + ".passwordSecretRef", unknown);
            }
            int j = 0;
            for (Object r : KustomizeRenderer.list(user.get("roles"))) {
                check(KustomizeRenderer.map(r), MDBC_ROLE, path + ".roles[" + j++ + "]", unknown);
            }
        }
        if (spec.get("statefulSet") instanceof Map<?, ?> sts) {
            Map<String, Object> statefulSet = KustomizeRenderer.map(sts);
            check(statefulSet, MDBC_STATEFUL_SET, ".spec.statefulSet", unknown);
            walk(SERIALIZATION.convertValue(statefulSet.get("spec"), StatefulSetSpec.class), ".spec.statefulSet.spec",
                    unknown);
        }
    }

    private static void check(Map<String, Object> node, Set<String> known, String path, List<String> unknown) {
        node.keySet().stream().filter(k -> !known.contains(k)).forEach(k -> unknown.add(path + "." + k));
    }
}
