package io.omnijourney.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every overlay of deploy/, rendered, checked object by object. No cluster needed. */
class RenderedOverlaysTest {

    private static List<Map<String, Object>> raw(String overlay) {
        return KustomizeRenderer.render(Overlays.dir(overlay));
    }

    private static List<HasMetadata> objects(String overlay) {
        return raw(overlay).stream().map(Manifests::typed).toList();
    }

    private static <T extends HasMetadata> List<T> ofType(String overlay, Class<T> type) {
        return objects(overlay).stream().filter(type::isInstance).map(type::cast).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void every_object_is_a_valid_kubernetes_object_without_unknown_fields(String overlay) {
        List<Map<String, Object>> rendered = raw(overlay);
        assertThat(rendered).hasSizeGreaterThan(30);
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> object : rendered) {
            assertThat(ids.add(Overlays.id(object))).as("duplicate %s", Overlays.id(object)).isTrue();
            Manifests.unknownFields(object).forEach(field -> problems.add(Overlays.id(object) + ": unknown field " + field));
            HasMetadata typed = Manifests.typed(object);
            assertThat(typed.getMetadata().getName()).as(Overlays.id(object)).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            assertThat(typed.getMetadata().getNamespace()).as(Overlays.id(object))
                    .isEqualTo(overlay.equals("dev") ? "omnijourney-dev" : "omnijourney");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void an_unknown_field_is_reported() {
        Map<String, Object> deployment = raw("dev").stream()
                .filter(o -> o.get("kind").equals("Deployment")).findFirst().orElseThrow();
        Map<String, Object> spec = new java.util.LinkedHashMap<>(KustomizeRenderer.map(deployment.get("spec")));
        spec.put("replica", 2);
        Map<String, Object> broken = new java.util.LinkedHashMap<>(deployment);
        broken.put("spec", spec);
        assertThat(Manifests.unknownFields(broken)).containsExactly(".spec.replica");

        Map<String, Object> topic = raw("production").stream()
                .filter(o -> o.get("kind").equals("KafkaTopic")).findFirst().orElseThrow();
        Map<String, Object> topicSpec = new java.util.LinkedHashMap<>(KustomizeRenderer.map(topic.get("spec")));
        topicSpec.put("replicationFactor", 3);
        Map<String, Object> brokenTopic = new java.util.LinkedHashMap<>(topic);
        brokenTopic.put("spec", topicSpec);
        assertThat(Manifests.unknownFields(brokenTopic)).containsExactly(".spec.replicationFactor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void every_deployment_is_probed_bounded_and_unprivileged(String overlay) {
        List<Deployment> deployments = ofType(overlay, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(ServiceTopics.SERVICES);
        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isNotNull().isNotZero();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
            for (Container container : pod.getContainers()) {
                assertProbe(container.getReadinessProbe(), "/q/health/ready", name);
                assertProbe(container.getLivenessProbe(), "/q/health/live", name);
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
                assertThat(container.getVolumeMounts()).as(name).anyMatch(m -> m.getMountPath().equals("/tmp")
                        && pod.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
                assertThat(container.getPorts()).as(name).anyMatch(p -> p.getName().equals("http"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void every_workload_has_requests_limits_and_a_pinned_image(String overlay) {
        List<PodTemplateSpec> templates = new ArrayList<>();
        ofType(overlay, Deployment.class).forEach(d -> templates.add(d.getSpec().getTemplate()));
        ofType(overlay, StatefulSet.class).forEach(s -> templates.add(s.getSpec().getTemplate()));
        assertThat(templates).isNotEmpty();
        for (PodTemplateSpec template : templates) {
            for (Container container : template.getSpec().getContainers()) {
                String name = container.getName();
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(container.getResources().getRequests()).as(name).containsKey(resource);
                    assertThat(container.getResources().getLimits()).as(name).containsKey(resource);
                }
                assertPinned(container.getImage());
            }
        }
    }

    private static void assertPinned(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.indexOf(':', slash + 1);
        assertThat(colon).as("%s has no tag", image).isPositive();
        assertThat(image.substring(colon + 1)).as(image).isNotEqualTo("latest").isNotBlank();
    }

    @Test
    void an_image_without_tag_or_with_latest_is_refused() {
        assertThatThrownBy(() -> assertPinned("registry.example.com:5000/omnijourney/ingest-service"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertPinned("omnijourney/ingest-service:latest")).isInstanceOf(AssertionError.class);
        assertPinned("registry.example.com:5000/omnijourney/ingest-service:0.1.0");
    }

    private static void assertProbe(Probe probe, String path, String name) {
        assertThat(probe).as("%s probe %s", name, path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(name).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(name).isEqualTo("http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void every_service_selects_the_pods_of_a_workload_and_targets_a_named_port(String overlay) {
        List<PodTemplateSpec> templates = new ArrayList<>();
        ofType(overlay, Deployment.class).forEach(d -> templates.add(d.getSpec().getTemplate()));
        ofType(overlay, StatefulSet.class).forEach(s -> templates.add(s.getSpec().getTemplate()));
        for (Service service : ofType(overlay, Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            assertThat(selector).as(service.getMetadata().getName()).isNotEmpty();
            List<PodTemplateSpec> selected = templates.stream()
                    .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(selected).as("pods selected by Service %s", service.getMetadata().getName()).hasSize(1);
            Set<String> portNames = selected.get(0).getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream()).map(p -> p.getName()).collect(Collectors.toSet());
            service.getSpec().getPorts().forEach(p -> assertThat(portNames).as(service.getMetadata().getName())
                    .contains(p.getTargetPort().getStrVal()));
        }
        // Deployments' own selectors match their pod labels.
        for (Deployment d : ofType(overlay, Deployment.class)) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                    .containsAll(d.getSpec().getSelector().getMatchLabels().entrySet());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void every_topic_the_services_name_is_a_kafka_topic_of_the_overlay_cluster(String overlay) {
        Set<String> named = ServiceTopics.all(Overlays.repoRoot());
        assertThat(named).contains("touchpoints", "touchpoints.dlq", "profile-events", "profile-events.dlq",
                "notification-requests", "notification-requests.dlq");
        List<KafkaTopic> topics = ofType(overlay, KafkaTopic.class);
        Set<String> declared = topics.stream().map(t -> t.getSpec().getTopicName()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).containsAll(named);

        Set<String> clusters = ofType(overlay, Kafka.class).stream().map(k -> k.getMetadata().getName()).collect(Collectors.toSet());
        assertThat(clusters).hasSize(1);
        int expectedReplicas = overlay.equals("production") ? 3 : 1;
        int expectedMinIsr = overlay.equals("production") ? 2 : 1;
        Set<Integer> partitionCounts = new TreeSet<>();
        for (KafkaTopic topic : topics) {
            String name = topic.getSpec().getTopicName();
            assertThat(topic.getMetadata().getLabels().get("strimzi.io/cluster")).as(name).isIn(clusters);
            assertThat(topic.getSpec().getReplicas()).as(name).isEqualTo(expectedReplicas);
            assertThat(Integer.parseInt(String.valueOf(topic.getSpec().getConfig().get("min.insync.replicas"))))
                    .as(name).isEqualTo(expectedMinIsr);
            partitionCounts.add(topic.getSpec().getPartitions());
        }
        // The services create missing topics themselves; they must create them as the KafkaTopics say, or the topic
        // operator would find a different partition count or replication factor.
        assertThat(partitionCounts).hasSize(1);
        for (ConfigMap config : ofType(overlay, ConfigMap.class)) {
            config.getData().forEach((key, value) -> {
                if (key.endsWith("_PARTITIONS")) {
                    assertThat(Integer.parseInt(value)).as(key).isEqualTo(partitionCounts.iterator().next());
                }
                if (key.endsWith("_REPLICATION_FACTOR")) {
                    assertThat(Integer.parseInt(value)).as(key).isEqualTo(expectedReplicas);
                }
            });
        }
    }

    @Test
    void production_kafka_keeps_two_in_sync_replicas_of_three() {
        Kafka kafka = ofType("production", Kafka.class).get(0);
        assertThat(kafka.getSpec().getKafka().getConfig()).containsEntry("min.insync.replicas", 2)
                .containsEntry("default.replication.factor", 3).containsEntry("auto.create.topics.enable", false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void no_secret_value_is_in_the_repository_and_every_referenced_secret_is_documented(String overlay) throws IOException {
        List<HasMetadata> objects = objects(overlay);
        for (Secret secret : ofType(overlay, Secret.class)) {
            assertThat(secret.getData()).as(secret.getMetadata().getName()).isNullOrEmpty();
            assertThat(secret.getStringData()).as(secret.getMetadata().getName()).isNullOrEmpty();
        }
        Set<String> referenced = new TreeSet<>();
        for (Deployment deployment : ofType(overlay, Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                for (EnvVar env : container.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        referenced.add(env.getValueFrom().getSecretKeyRef().getName());
                    } else {
                        assertThat(env.getName()).as("a literal value for %s", env.getName())
                                .doesNotContainIgnoringCase("PASSWORD").doesNotContainIgnoringCase("SECRET");
                    }
                }
            }
            pod.getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> referenced.add(v.getSecret().getSecretName()));
        }
        for (ConfigMap config : ofType(overlay, ConfigMap.class)) {
            config.getData().keySet().forEach(key -> assertThat(key).doesNotContainIgnoringCase("PASSWORD")
                    .doesNotContainIgnoringCase("SECRET"));
        }
        assertThat(objects).isNotEmpty();
        String guide = Files.readString(Overlays.repoRoot().resolve("deploy/README.md"));
        assertThat(referenced).isNotEmpty().allSatisfy(name -> assertThat(guide)
                .as("deploy/README.md tells how to create Secret %s", name).contains(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void every_service_has_a_pdb_an_hpa_and_network_policies(String overlay) {
        List<Deployment> deployments = ofType(overlay, Deployment.class);
        List<PodDisruptionBudget> pdbs = ofType(overlay, PodDisruptionBudget.class);
        List<HorizontalPodAutoscaler> hpas = ofType(overlay, HorizontalPodAutoscaler.class);
        List<NetworkPolicy> policies = ofType(overlay, NetworkPolicy.class);
        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(pdbs).as(name).anyMatch(p -> labels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()));
            HorizontalPodAutoscaler hpa = hpas.stream().filter(h -> h.getSpec().getScaleTargetRef().getName().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no HPA for " + name));
            assertThat(hpa.getSpec().getMinReplicas()).as(name).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            if (overlay.equals("production")) {
                assertThat(hpa.getSpec().getMinReplicas()).as(name).isGreaterThanOrEqualTo(2);
                assertThat(deployment.getSpec().getReplicas()).as(name).isGreaterThanOrEqualTo(2);
            } else {
                assertThat(deployment.getSpec().getReplicas()).as(name).isEqualTo(1);
            }
            List<NetworkPolicy> selecting = policies.stream()
                    .filter(p -> labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet())).toList();
            assertThat(selecting).as(name).extracting(p -> p.getMetadata().getName())
                    .contains("omnijourney-default-deny", name);
            NetworkPolicy own = selecting.stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            boolean internetEgress = own.getSpec().getEgress().stream().flatMap(e -> e.getTo().stream())
                    .anyMatch(peer -> peer.getIpBlock() != null);
            assertThat(internetEgress).as("%s egress beyond the cluster", name).isEqualTo(name.equals("notification-service"));
            // Inbound only from the ingress controller's and Prometheus' namespaces.
            own.getSpec().getIngress().forEach(rule -> rule.getFrom().forEach(peer -> {
                assertThat(peer.getNamespaceSelector()).as(name).isNotNull();
                assertThat(peer.getIpBlock()).as(name).isNull();
            }));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void the_ingress_exposes_only_public_paths_of_existing_services(String overlay) {
        Set<String> services = ofType(overlay, Service.class).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        List<String> exposed = new ArrayList<>();
        for (Ingress ingress : ofType(overlay, Ingress.class)) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    assertThat(path.getPath()).doesNotStartWith("/q").isNotEqualTo("/");
                    assertThat(services).contains(path.getBackend().getService().getName());
                    exposed.add(path.getBackend().getService().getName() + " " + path.getPath());
                }
            }
        }
        assertThat(exposed).contains("ingest-service /v1/", "notification-service /t/", "ingest-service /admin/sources",
                "journey-service /journeys", "notification-service /templates", "profile-service /profiles",
                "profile-service /segments");
        assertThat(exposed.stream().map(e -> e.split(" ")[0]).distinct()).allMatch(Objects::nonNull);
    }

    @Test
    void the_renderer_refuses_kustomize_features_it_does_not_implement() throws IOException {
        var dir = Files.createTempDirectory("kustomize");
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\ncommonLabels:\n  a: b\n");
        assertThatThrownBy(() -> KustomizeRenderer.render(dir)).hasMessageContaining("commonLabels");
    }

    @Test
    void strategic_merge_merges_containers_and_env_by_name_and_replaces_other_lists() {
        Map<String, Object> base = KustomizeRenderer.parseAll("""
                spec:
                  containers:
                    - name: a
                      image: a:1
                      env: [{name: X, value: "1"}, {name: Y, value: "2"}]
                      args: [one, two]
                    - name: b
                      image: b:1
                """).get(0);
        Map<String, Object> patch = KustomizeRenderer.parseAll("""
                spec:
                  containers:
                    - name: a
                      env: [{name: Y, value: "3"}, {name: Z, value: "4"}]
                      args: [three]
                """).get(0);
        assertThat(KustomizeRenderer.merge(base, patch)).isEqualTo(KustomizeRenderer.parseAll("""
                spec:
                  containers:
                    - name: a
                      image: a:1
                      env: [{name: X, value: "1"}, {name: Y, value: "3"}, {name: Z, value: "4"}]
                      args: [three]
                    - name: b
                      image: b:1
                """).get(0));
    }
}
