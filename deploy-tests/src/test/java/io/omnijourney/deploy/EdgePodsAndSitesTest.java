package io.omnijourney.deploy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.strimzi.api.kafka.model.kafka.Kafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge (Ingress and Gateway API), Pod Security, site overlays, and the versions the guide pins. */
class EdgePodsAndSitesTest {

    static final List<String> OVERLAYS = Overlays.ALL;

    /** Strimzi 1.2.0's Kafka versions, from its release notes. Bump both together, and the guide. */
    static final String STRIMZI = "1.2.0";
    static final Set<String> STRIMZI_KAFKA_VERSIONS = Set.of("4.2.0", "4.2.1", "4.3.0", "4.3.1");
    static final String MONGODB_CONTROLLERS = "1.11.0";

    @Test
    void the_ingress_and_the_http_routes_expose_the_same_routes_and_never_q() {
        Set<String> ingress = new TreeSet<>();
        for (Map<String, Object> raw : KustomizeRenderer.render(Overlays.deployDir().resolve("edge/ingress"))) {
            Ingress typed = (Ingress) Manifests.typed(raw);
            typed.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> ingress.add(
                    hostLabel(rule.getHost()) + " " + (path.getPathType().equals("Prefix") ? "PathPrefix" : path.getPathType())
                            + " " + path.getPath() + " -> " + path.getBackend().getService().getName() + ":"
                            + path.getBackend().getService().getPort().getName())));
        }
        Set<String> routes = new TreeSet<>();
        for (Map<String, Object> raw : KustomizeRenderer.render(Overlays.deployDir().resolve("edge/gateway-api"))) {
            assertThat(Manifests.schemaProblems(raw)).isEmpty();
            HTTPRoute route = (HTTPRoute) Manifests.typed(raw);
            for (String host : route.getSpec().getHostnames()) {
                route.getSpec().getRules().forEach(rule -> rule.getMatches().forEach(match -> routes.add(
                        hostLabel(host) + " " + match.getPath().getType() + " " + match.getPath().getValue() + " -> "
                                + rule.getBackendRefs().get(0).getName() + ":" + portName(rule.getBackendRefs().get(0).getPort()))));
            }
        }
        assertThat(routes).isEqualTo(ingress).hasSizeGreaterThan(8).noneMatch(r -> r.contains(" /q"));
        assertThat(routes).contains("track PathPrefix /v1/ -> ingest-service:http", "api PathPrefix /journeys -> journey-service:http",
                "console PathPrefix / -> console:http");
    }

    private static String hostLabel(String host) {
        return host.substring(0, host.indexOf('.'));
    }

    /** HTTPRoutes name the Service port by number; the Services' port 80 is the one named http. */
    private static String portName(Integer port) {
        Service service = RenderedOverlay.of("production").named(Service.class, "ingest-service");
        return service.getSpec().getPorts().stream().filter(p -> p.getPort().equals(port)).findFirst().orElseThrow().getName();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void routes_of_the_overlay_lead_to_existing_services(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Set<String> services = new TreeSet<>();
        rendered.ofType(Service.class).forEach(s -> services.add(s.getMetadata().getName()));
        rendered.ofType(Ingress.class).forEach(i -> i.getSpec().getRules().forEach(r -> r.getHttp().getPaths()
                .forEach(p -> assertThat(services).contains(p.getBackend().getService().getName()))));
        rendered.ofType(HTTPRoute.class).forEach(h -> h.getSpec().getRules().forEach(r -> r.getBackendRefs()
                .forEach(b -> assertThat(services).contains(b.getName()))));
        int edges = rendered.ofType(Ingress.class).size() + rendered.ofType(HTTPRoute.class).size();
        // production is the shape a site completes: it has no edge of its own.
        assertThat(edges).as(overlay).isEqualTo(overlay.equals("production") ? 0 : overlay.equals("dev") ? 1 : 3);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void the_namespace_enforces_restricted_pod_security_and_every_pod_complies(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Namespace namespace = rendered.ofType(Namespace.class).get(0);
        assertThat(namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>(rendered.podTemplates());
        if (Overlays.isProduction(overlay)) {
            templates.put("Job/omnijourney-mongodb-restore", RenderedOverlay.restoreJob().getSpec().getTemplate());
        }
        assertThat(templates).hasSizeGreaterThanOrEqualTo(5);
        List<String> violations = new ArrayList<>();
        templates.forEach((workload, template) -> violations.addAll(restrictedViolations(workload, template.getSpec())));
        assertThat(violations).isEmpty();
    }

    @Test
    void the_mongodb_operator_pods_get_what_the_restricted_profile_asks_for() {
        Map<String, Object> mdbc = RenderedOverlay.of("production").rawNamed("MongoDBCommunity", "omnijourney-mongodb");
        Map<String, Object> sts = KustomizeRenderer.map(KustomizeRenderer.map(mdbc.get("spec")).get("statefulSet"));
        PodTemplateSpec template = Manifests.SERIALIZATION.convertValue(
                KustomizeRenderer.map(sts.get("spec")).get("template"), PodTemplateSpec.class);
        assertThat(template.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(template.getSpec().getContainers()).extracting(Container::getName).contains("mongod", "mongodb-agent");
        template.getSpec().getContainers().forEach(c -> {
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
        });
    }

    @Test
    void a_privileged_or_root_pod_is_refused_by_the_check() {
        PodSpec pod = RenderedOverlay.of("dev").named(Deployment.class, "ingest-service").getSpec().getTemplate().getSpec();
        PodSpec broken = Manifests.SERIALIZATION.clone(pod);
        broken.getSecurityContext().setRunAsNonRoot(false);
        broken.getContainers().get(0).getSecurityContext().setRunAsNonRoot(null);
        broken.getContainers().get(0).getSecurityContext().getCapabilities().setAdd(List.of("NET_ADMIN"));
        assertThat(restrictedViolations("x", broken)).hasSize(2);
    }

    /** The "restricted" Pod Security Standard, the checks a pod template can fail. */
    static List<String> restrictedViolations(String workload, PodSpec pod) {
        List<String> violations = new ArrayList<>();
        PodSecurityContext podContext = pod.getSecurityContext();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC())) {
            violations.add(workload + ": host namespaces");
        }
        pod.getVolumes().stream().filter(v -> v.getHostPath() != null).forEach(v -> violations.add(workload + ": hostPath " + v.getName()));
        boolean podNonRoot = podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
        boolean podSeccomp = podContext != null && podContext.getSeccompProfile() != null
                && Set.of("RuntimeDefault", "Localhost").contains(podContext.getSeccompProfile().getType());
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container container : containers) {
            String name = workload + "/" + container.getName();
            SecurityContext context = container.getSecurityContext();
            if (context == null) {
                violations.add(name + ": no securityContext");
                continue;
            }
            if (Boolean.TRUE.equals(context.getPrivileged())) {
                violations.add(name + ": privileged");
            }
            if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                violations.add(name + ": allowPrivilegeEscalation is not false");
            }
            if (!(Boolean.TRUE.equals(context.getRunAsNonRoot()) || podNonRoot && context.getRunAsNonRoot() == null)) {
                violations.add(name + ": runAsNonRoot is not true");
            }
            if (!(podSeccomp || context.getSeccompProfile() != null)) {
                violations.add(name + ": no RuntimeDefault seccomp profile");
            }
            Capabilities caps = context.getCapabilities();
            if (caps == null || !caps.getDrop().contains("ALL")) {
                violations.add(name + ": capabilities not dropped");
            } else if (caps.getAdd().stream().anyMatch(c -> !c.equals("NET_BIND_SERVICE"))) {
                violations.add(name + ": adds capabilities " + caps.getAdd());
            }
        }
        return violations;
    }

    @Test
    void a_site_pins_every_image_by_digest_in_its_registry_and_leaves_no_placeholder() {
        for (String site : Overlays.SITES) {
            RenderedOverlay rendered = RenderedOverlay.of(site);
            rendered.ofType(Deployment.class).forEach(d -> d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> {
                assertThat(Images.byDigest(c.getImage())).as("%s pinned by digest", c.getImage()).isTrue();
                assertThat(Images.registry(c.getImage())).as("%s names its registry", c.getImage()).isNotEmpty();
            }));
            for (Map<String, Object> object : rendered.raw()) {
                assertThat(object.toString()).as("%s in %s", Overlays.id(object), site).doesNotContain(".invalid");
            }
        }
    }

    @Test
    void the_base_and_production_carry_no_site_values() {
        for (Map<String, Object> object : RenderedOverlay.of("production").raw()) {
            assertThat(object.toString()).as(Overlays.id(object)).doesNotContain("example.com").doesNotContain("example.org");
        }
    }

    @Test
    void the_guide_pins_the_operator_versions_the_manifests_are_written_for() throws IOException {
        String guide = Files.readString(Overlays.deployDir().resolve("README.md"));
        assertThat(guide).contains("strimzi/strimzi-kafka-operator --version " + STRIMZI)
                .contains("mongodb/mongodb-kubernetes --version " + MONGODB_CONTROLLERS);
        for (String overlay : Overlays.ALL) {
            Kafka kafka = RenderedOverlay.of(overlay).ofType(Kafka.class).get(0);
            // The raw object: the 0.51 model's class always reports the API version it was compiled for.
            for (String kind : List.of("Kafka", "KafkaNodePool", "KafkaTopic")) {
                RenderedOverlay.of(overlay).raw().stream().filter(o -> kind.equals(o.get("kind")))
                        .forEach(o -> assertThat(o.get("apiVersion")).as(Overlays.id(o)).isEqualTo("kafka.strimzi.io/v1"));
            }
            assertThat(kafka.getMetadata().getAnnotations()).as("annotations Strimzi ignores since 0.48")
                    .doesNotContainKeys("strimzi.io/kraft", "strimzi.io/node-pools");
            assertThat(STRIMZI_KAFKA_VERSIONS).as("Kafka %s on Strimzi %s", kafka.getSpec().getKafka().getVersion(), STRIMZI)
                    .contains(kafka.getSpec().getKafka().getVersion());
            assertThat(guide).contains("| Apache Kafka (run by Strimzi) | " + kafka.getSpec().getKafka().getVersion());
        }
    }

    @Test
    void the_guide_covers_what_an_operator_needs() throws IOException {
        Set<String> anchors = ObservabilityTest.anchors(Files.readString(Overlays.deployDir().resolve("README.md")));
        assertThat(anchors).contains("pinned-versions", "install-the-operators", "build-and-push-the-images-jib-no-docker-daemon",
                "secrets-and-their-rotation", "upgrades-and-rollback", "backup-and-restore", "alerts-and-dashboards",
                "scaling-partitions-bound-the-consumers", "edge-and-tls", "a-site-overlay");
    }
}
