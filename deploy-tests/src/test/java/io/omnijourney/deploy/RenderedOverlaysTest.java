package io.omnijourney.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every overlay of deploy/ (and the example site), rendered, checked object by object. No cluster needed. */
class RenderedOverlaysTest {

    static final List<String> OVERLAYS = Overlays.ALL;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_object_is_valid_against_its_api_schema(String overlay) {
        List<Map<String, Object>> rendered = RenderedOverlay.of(overlay).raw();
        assertThat(rendered).hasSizeGreaterThan(30);
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> object : rendered) {
            assertThat(ids.add(Overlays.id(object))).as("duplicate %s", Overlays.id(object)).isTrue();
            Manifests.schemaProblems(object).forEach(problem -> problems.add(Overlays.id(object) + " " + problem));
        }
        assertThat(problems).as("schema problems in %s", overlay).isEmpty();
        for (HasMetadata typed : RenderedOverlay.of(overlay).objects()) {
            assertThat(typed.getMetadata().getName()).as(typed.getKind()).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            if (typed instanceof Namespace) {
                assertThat(typed.getMetadata().getName()).isEqualTo(Overlays.namespace(overlay));
            } else {
                assertThat(typed.getMetadata().getNamespace()).as(typed.getKind() + "/" + typed.getMetadata().getName())
                        .isEqualTo(Overlays.namespace(overlay));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_deployment_is_probed_bounded_unprivileged_and_has_its_own_service_account(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<Deployment> deployments = rendered.ofType(Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Overlays.DEPLOYMENTS);
        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isNotNull().isNotZero();
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
            assertThat(pod.getServiceAccountName()).as("%s runs as its own ServiceAccount", name).isEqualTo(name);
            ServiceAccount account = rendered.named(ServiceAccount.class, name);
            assertThat(account.getAutomountServiceAccountToken()).as(name).isFalse();
            for (Container container : pod.getContainers()) {
                assertProbe(container.getReadinessProbe(), "/q/health/ready", name);
                assertProbe(container.getLivenessProbe(), "/q/health/live", name);
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(container.getVolumeMounts()).as(name).anyMatch(m -> m.getMountPath().equals("/tmp")
                        && pod.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null));
                assertThat(container.getPorts()).as(name).anyMatch(p -> p.getName().equals("http"));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_workload_has_requests_limits_and_a_pinned_image(String overlay) {
        Map<String, PodTemplateSpec> templates = RenderedOverlay.of(overlay).podTemplates();
        assertThat(templates).isNotEmpty();
        templates.forEach((workload, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(container.getResources().getRequests()).as(workload).containsKey(resource);
                    assertThat(container.getResources().getLimits()).as(workload).containsKey(resource);
                }
                Images.assertPinned(container.getImage());
            }
        });
    }

    @Test
    void an_image_without_tag_or_with_latest_is_refused() {
        assertThatThrownBy(() -> Images.assertPinned("registry.example.com:5000/omnijourney/ingest-service"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> Images.assertPinned("omnijourney/ingest-service:latest")).isInstanceOf(AssertionError.class);
        Images.assertPinned("registry.example.com:5000/omnijourney/ingest-service:0.1.0");
        Images.assertPinned("registry.example.com/omnijourney/ingest-service@sha256:" + "ab".repeat(32));
    }

    private static void assertProbe(Probe probe, String path, String name) {
        assertThat(probe).as("%s probe %s", name, path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(name).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(name).isEqualTo("http");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_service_selects_the_pods_of_a_workload_and_targets_a_named_port(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Map<String, PodTemplateSpec> templates = rendered.podTemplates();
        for (Service service : rendered.ofType(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            assertThat(selector).as(service.getMetadata().getName()).isNotEmpty();
            List<PodTemplateSpec> selected = templates.values().stream()
                    .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(selected).as("pods selected by Service %s", service.getMetadata().getName()).hasSize(1);
            Set<String> portNames = selected.get(0).getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream()).map(p -> p.getName()).collect(Collectors.toSet());
            service.getSpec().getPorts().forEach(p -> assertThat(portNames).as(service.getMetadata().getName())
                    .contains(p.getTargetPort().getStrVal()));
        }
        for (Deployment d : rendered.ofType(Deployment.class)) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                    .containsAll(d.getSpec().getSelector().getMatchLabels().entrySet());
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_topic_the_services_name_is_a_kafka_topic_of_the_overlay_cluster(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Set<String> named = ServiceTopics.all(Overlays.repoRoot());
        assertThat(named).contains("touchpoints", "touchpoints.dlq", "profile-events", "profile-events.dlq",
                "notification-requests", "notification-requests.dlq");
        List<KafkaTopic> topics = rendered.ofType(KafkaTopic.class);
        Set<String> declared = topics.stream().map(t -> t.getSpec().getTopicName()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).containsAll(named);

        Set<String> clusters = rendered.ofType(Kafka.class).stream().map(k -> k.getMetadata().getName()).collect(Collectors.toSet());
        assertThat(clusters).hasSize(1);
        int expectedReplicas = Overlays.isProduction(overlay) ? 3 : 1;
        int expectedMinIsr = Overlays.isProduction(overlay) ? 2 : 1;
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
        for (ConfigMap config : rendered.ofType(ConfigMap.class)) {
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
        Kafka kafka = RenderedOverlay.of("production").ofType(Kafka.class).get(0);
        assertThat(kafka.getSpec().getKafka().getConfig()).containsEntry("min.insync.replicas", 2)
                .containsEntry("default.replication.factor", 3).containsEntry("auto.create.topics.enable", false);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void no_secret_value_is_in_the_repository_and_every_referenced_secret_is_documented(String overlay) throws IOException {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (Secret secret : rendered.ofType(Secret.class)) {
            assertThat(secret.getData()).as(secret.getMetadata().getName()).isNullOrEmpty();
            assertThat(secret.getStringData()).as(secret.getMetadata().getName()).isNullOrEmpty();
        }
        Set<String> referenced = new TreeSet<>();
        Map<String, PodTemplateSpec> templates = new java.util.LinkedHashMap<>(rendered.podTemplates());
        if (Overlays.isProduction(overlay)) {
            templates.put("Job/restore", RenderedOverlay.restoreJob().getSpec().getTemplate());
        }
        templates.forEach((workload, template) -> {
            PodSpec pod = template.getSpec();
            for (Container container : pod.getContainers()) {
                for (EnvVar env : container.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        referenced.add(env.getValueFrom().getSecretKeyRef().getName());
                    } else {
                        assertThat(env.getName()).as("a literal value for %s in %s", env.getName(), workload)
                                .doesNotContainIgnoringCase("PASSWORD").doesNotContainIgnoringCase("SECRET");
                    }
                }
            }
            pod.getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> referenced.add(v.getSecret().getSecretName()));
        });
        for (ConfigMap config : rendered.ofType(ConfigMap.class)) {
            config.getData().keySet().forEach(key -> assertThat(key).doesNotContainIgnoringCase("PASSWORD")
                    .doesNotContainIgnoringCase("SECRET"));
        }
        String guide = Files.readString(Overlays.deployDir().resolve("README.md"));
        assertThat(referenced).isNotEmpty().allSatisfy(name -> assertThat(guide)
                .as("deploy/README.md tells how to create Secret %s", name).contains(name));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_service_has_a_pdb_an_hpa_that_owns_its_replicas_and_network_policies(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<PodDisruptionBudget> pdbs = rendered.ofType(PodDisruptionBudget.class);
        List<HorizontalPodAutoscaler> hpas = rendered.ofType(HorizontalPodAutoscaler.class);
        List<NetworkPolicy> policies = rendered.ofType(NetworkPolicy.class);
        for (Deployment deployment : rendered.ofType(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(pdbs).as(name).anyMatch(p -> labels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()));
            HorizontalPodAutoscaler hpa = hpas.stream().filter(h -> h.getSpec().getScaleTargetRef().getName().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no HPA for " + name));
            // Every apply would otherwise reset the count the HPA chose.
            assertThat(deployment.getSpec().getReplicas()).as("%s sets replicas although an HPA owns them", name).isNull();
            assertThat(hpa.getSpec().getMinReplicas()).as(name).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            if (name.equals(Overlays.CONSOLE)) {
                // Its sessions live in the pod's memory: a second replica would sign users out at random.
                assertThat(hpa.getSpec().getMaxReplicas()).as(name).isEqualTo(1);
            } else if (Overlays.isProduction(overlay)) {
                assertThat(hpa.getSpec().getMinReplicas()).as(name).isGreaterThanOrEqualTo(2);
            } else {
                assertThat(hpa.getSpec().getMaxReplicas()).as(name).isEqualTo(1);
            }
            List<NetworkPolicy> selecting = policies.stream()
                    .filter(p -> labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet())).toList();
            assertThat(selecting).as(name).extracting(p -> p.getMetadata().getName())
                    .contains("omnijourney-default-deny", name);
            NetworkPolicy own = selecting.stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            boolean internetEgress = own.getSpec().getEgress().stream().flatMap(e -> e.getTo().stream())
                    .anyMatch(peer -> peer.getIpBlock() != null);
            assertThat(internetEgress).as("%s egress beyond the cluster", name).isEqualTo(name.equals("notification-service"));
            // Inbound only from the edge's and Prometheus' namespaces, and from the console's pods in this namespace.
            own.getSpec().getIngress().forEach(rule -> rule.getFrom().forEach(peer -> {
                assertThat(peer.getIpBlock()).as(name).isNull();
                if (peer.getNamespaceSelector() == null) {
                    assertThat(peer.getPodSelector().getMatchLabels()).as(name)
                            .isEqualTo(Map.of("app.kubernetes.io/name", Overlays.CONSOLE));
                }
            }));
        }
    }

    /** The console calls the four services' APIs: its policy lets it out to each, each service's lets it in. */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void the_console_reaches_the_http_port_of_every_service_and_nothing_else(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        NetworkPolicy console = rendered.named(NetworkPolicy.class, Overlays.CONSOLE);
        Map<String, Integer> reached = new java.util.TreeMap<>();
        console.getSpec().getEgress().forEach(rule -> rule.getTo().forEach(peer -> {
            assertThat(peer.getIpBlock()).isNull();
            String target = peer.getPodSelector() == null ? null
                    : peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
            if (target != null && peer.getNamespaceSelector() == null) {
                rule.getPorts().forEach(port -> reached.put(target, port.getPort().getIntVal()));
            }
        }));
        Map<String, Integer> expected = new java.util.TreeMap<>();
        for (String service : ServiceTopics.SERVICES) {
            expected.put(service, rendered.named(Deployment.class, service).getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getPorts().stream().filter(p -> p.getName().equals("http")).findFirst()
                    .orElseThrow().getContainerPort());
            NetworkPolicy own = rendered.named(NetworkPolicy.class, service);
            assertThat(own.getSpec().getIngress()).as("%s admits the console", service).anyMatch(rule -> rule.getFrom()
                    .stream().anyMatch(peer -> peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                            && Overlays.CONSOLE.equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name")))
                    && rule.getPorts().stream().anyMatch(port -> "http".equals(port.getPort().getStrVal())));
        }
        assertThat(reached).isEqualTo(expected);
        Map<String, String> config = rendered.named(ConfigMap.class, Overlays.CONSOLE).getData();
        for (String service : ServiceTopics.SERVICES) {
            assertThat(config).containsEntry("OMNIJOURNEY_CONSOLE_" + service.replace("-service", "").toUpperCase()
                    + "_URL", "http://" + service);
        }
        assertThat(config).containsEntry("OMNIJOURNEY_CONSOLE_SECURE_COOKIE", overlay.equals("dev") ? "false" : "true");
    }

    /**
     * A rolling update sends SIGTERM only after the preStop pause; Quarkus then waits up to quarkus.shutdown.timeout
     * for in-flight requests and commits; the kubelet kills the pod at terminationGracePeriodSeconds. The grace period
     * must cover both, with room to spare, or requests are cut off.
     */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void the_grace_period_covers_the_prestop_pause_and_the_shutdown_timeout(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (Deployment deployment : rendered.ofType(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            assertThat(container.getLifecycle()).as("%s has a preStop pause", name).isNotNull();
            int preStop = container.getLifecycle().getPreStop().getSleep().getSeconds().intValue();
            String timeout = rendered.named(ConfigMap.class, name).getData().get("QUARKUS_SHUTDOWN_TIMEOUT");
            assertThat(timeout).as("%s sets QUARKUS_SHUTDOWN_TIMEOUT", name).isNotNull();
            long shutdown = Duration.parse("PT" + timeout.toUpperCase()).toSeconds();
            assertThat(preStop).as(name).isBetween(5, 30);
            assertThat(pod.getTerminationGracePeriodSeconds()).as("%s grace period >= preStop %ss + shutdown %ss + 5s",
                    name, preStop, shutdown).isGreaterThanOrEqualTo(preStop + shutdown + 5);
        }
    }

    @Test
    void the_renderer_refuses_kustomize_features_it_does_not_implement() throws IOException {
        var dir = Files.createTempDirectory("kustomize");
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\ncommonLabels:\n  a: b\n");
        assertThatThrownBy(() -> KustomizeRenderer.render(dir)).hasMessageContaining("commonLabels");
    }

    @Test
    void the_renderer_pins_by_digest_and_names_the_namespace() throws IOException {
        var dir = Files.createTempDirectory("kustomize");
        Files.writeString(dir.resolve("all.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: base
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: a
                spec:
                  template:
                    spec:
                      containers:
                        - name: a
                          image: omnijourney/a:0.1.0
                """);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                namespace: site
                resources: [all.yaml]
                images:
                  - name: omnijourney/a
                    newName: registry.example.com/omnijourney/a
                    digest: sha256:%s
                """.formatted("0f".repeat(32)));
        List<Map<String, Object>> objects = KustomizeRenderer.render(dir);
        assertThat(KustomizeRenderer.name(objects.get(0))).isEqualTo("site");
        assertThat(objects.get(1).toString()).contains("image=registry.example.com/omnijourney/a@sha256:" + "0f".repeat(32));
    }

    @Test
    void strategic_merge_merges_containers_and_env_by_name_and_replaces_other_lists_as_kustomize_orders_them() {
        Map<String, Object> base = KustomizeRenderer.parseAll("""
                spec:
                  containers:
                    - name: a
                      image: a:1
                      env: [{name: X, value: "1"}, {name: Y, value: "2"}, {name: W, value: "0"}]
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
                      env: [{name: Y, value: "3"}, {name: Z, value: "4"}, {name: X, value: "1"}, {name: W, value: "0"}]
                      args: [three]
                    - name: b
                      image: b:1
                """).get(0));
    }
}
