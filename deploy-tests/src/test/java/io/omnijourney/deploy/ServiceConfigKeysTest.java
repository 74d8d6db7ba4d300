package io.omnijourney.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable a service's container gets, and every key of the ConfigMaps it loads as environment,
 * names a property that the service reads: a misspelt or outdated key would be ignored without a word (the way
 * QUARKUS_MAILER_FROM once left production mail with the local sender). What a service reads is derived from its
 * sources when the test runs ({@link ServiceProperties}).
 */
class ServiceConfigKeysTest {

    static final List<String> OVERLAYS = Overlays.ALL;
    private static final Map<String, ServiceProperties> PROPERTIES = new ConcurrentHashMap<>();

    private static ServiceProperties properties(String service) {
        return PROPERTIES.computeIfAbsent(service, s -> ServiceProperties.of(Overlays.repoRoot(), s));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_environment_variable_and_config_map_key_names_a_property_the_service_reads(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Deployment deployment : rendered.ofType(Deployment.class)) {
            String service = deployment.getMetadata().getName();
            ServiceProperties reads = properties(service);
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                Map<String, Object> raw = rendered.rawNamed("Deployment", service);
                for (EnvVar env : container.getEnv()) {
                    checked++;
                    if (!reads.readsEnv(env.getName())) {
                        problems.add(problem(rendered, raw, "Deployment " + service + " sets env", env.getName(), reads));
                    }
                }
                for (EnvFromSource from : container.getEnvFrom()) {
                    String configMap = from.getConfigMapRef().getName();
                    Map<String, Object> raw2 = rendered.rawNamed("ConfigMap", configMap);
                    for (String key : rendered.named(ConfigMap.class, configMap).getData().keySet()) {
                        checked++;
                        if (!reads.readsEnv(key)) {
                            problems.add(problem(rendered, raw2, "ConfigMap " + configMap + " has key", key, reads));
                        }
                    }
                }
            }
        }
        assertThat(checked).as("keys checked in %s", overlay).isGreaterThan(40);
        assertThat(problems).as("keys that no service reads, in %s", overlay).isEmpty();
    }

    private static String problem(RenderedOverlay rendered, Map<String, Object> object, String what, String key,
            ServiceProperties reads) {
        Path file = rendered.rendering().fileMentioning(object, key);
        String where = file == null ? "?" : Overlays.repoRoot().relativize(file).toString();
        return where + ": " + what + " " + key + ", which names no property " + reads.service() + " reads"
                + " (its application.properties, @ConfigMapping interfaces, @ConfigProperty names, or the prefixes "
                + reads.prefixes() + ")";
    }

    @Test
    void the_sender_address_is_set_through_the_property_the_sender_reads() {
        ServiceProperties notification = properties("notification-service");
        assertThat(notification.names()).contains("omnijourney.notification.email.from");
        for (String overlay : Overlays.ALL) {
            Map<String, String> config = RenderedOverlay.of(overlay).named(ConfigMap.class, "notification-service").getData();
            assertThat(config).as(overlay).containsKey("OMNIJOURNEY_NOTIFICATION_EMAIL_FROM")
                    // The mailer's default sender: the service sets the sender on every message, so this one is never used.
                    .doesNotContainKey("QUARKUS_MAILER_FROM");
        }
    }

    @Test
    void the_derivation_reads_mappings_groups_maps_and_prefixes_from_the_sources() {
        ServiceProperties ingest = properties("ingest-service");
        assertThat(ingest.names()).contains("quarkus.http.port", "omnijourney.ingest.public-base-url",
                "omnijourney.ingest.seed-sources.*.name");
        assertThat(ingest.prefixes()).contains("quarkus.", "kafka.", "omnijourney.auth.", "omnijourney.kafka.");
        assertThat(ingest.readsEnv("OMNIJOURNEY_INGEST_PUBLIC_BASE_URL")).isTrue();
        assertThat(ingest.readsEnv("OMNIJOURNEY_INGEST_SEED_SOURCES_WEB_NAME")).isTrue();
        assertThat(ingest.readsEnv("OMNIJOURNEY_INGEST_PUBLIC_BASEURL")).isFalse();
        assertThat(ingest.readsEnv("OMNIJOURNEY_INGEST_PUBLIC_BASE_URL_X")).isFalse();
        assertThat(ingest.readsEnv("MAILER_FROM")).isFalse();
        ServiceProperties notification = properties("notification-service");
        // A group inherited from another interface, and an optional group.
        assertThat(notification.names()).contains("omnijourney.notification.requests.concurrency",
                "omnijourney.notification.requests.enabled", "omnijourney.notification.sms.secondary.base-url");
    }

    /** Holds trivially while the console module is absent; once it is here, its sources must read these keys. */
    @Test
    void the_console_reads_the_keys_its_deployment_sets() {
        assertThat(properties(Overlays.CONSOLE).names())
                .containsAll(ServiceProperties.DECLARED_WHILE_ABSENT.get(Overlays.CONSOLE));
    }

    @Test
    void environment_names_follow_microprofile_config() {
        assertThat(ServiceProperties.envName("omnijourney.notification.tracking.public-base-url"))
                .isEqualTo("OMNIJOURNEY_NOTIFICATION_TRACKING_PUBLIC_BASE_URL");
        assertThat(ServiceProperties.envName("quarkus.log.category.\"org.apache.kafka\".level"))
                .isEqualTo("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL");
        assertThat(ServiceProperties.kebab("maxPollRecords")).isEqualTo("max-poll-records");
    }
}
