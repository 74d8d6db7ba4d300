package io.omnijourney.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every service's schema migrations run in a Job of their own before the rollout: the Deployment's image and
 * settings, mode {@code job}, while the Deployment's pods run with mode {@code skip}; the Job's pod is never an
 * endpoint of the service, and may reach MongoDB.
 */
class MigrationJobsTest {

    static final List<String> OVERLAYS = Overlays.ALL;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void every_service_has_a_migration_job_with_its_image_and_settings_and_the_pods_skip_the_migrations(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<Deployment> deployments = rendered.ofType(Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Overlays.DEPLOYMENTS);
        // The console has no database: no migrations, no Job.
        assertThat(rendered.ofType(Job.class)).noneMatch(j -> j.getMetadata().getName().startsWith(Overlays.CONSOLE));
        for (String service : ServiceTopics.SERVICES) {
            Deployment deployment = rendered.named(Deployment.class, service);
            String key = "OMNIJOURNEY_" + service.replace("-service", "").toUpperCase() + "_MONGO_MIGRATIONS";
            Container app = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            Job job = rendered.named(Job.class, service + "-migrations");
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            Container migrations = pod.getContainers().get(0);

            assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "migrations");
            assertThat(pod.getRestartPolicy()).isEqualTo("Never");
            assertThat(migrations.getImage()).as(service).isEqualTo(app.getImage());
            assertThat(migrations.getEnvFrom()).isEqualTo(app.getEnvFrom());
            assertThat(env(migrations, key)).as(service).contains("job");
            assertThat(rendered.named(ConfigMap.class, service).getData()).as(service).containsEntry(key, "skip");
            assertThat(env(app, key)).as("the Deployment's pods take skip from the ConfigMap").isEmpty();
            // The Job's pod gets every setting and secret the service's pod gets (the service refuses to start
            // without its secrets), apart from the mode.
            assertThat(migrations.getEnv().stream().filter(e -> !e.getName().equals(key)).toList())
                    .as(service).isEqualTo(app.getEnv());
            assertThat(migrations.getVolumeMounts()).isEqualTo(app.getVolumeMounts());
            assertThat(pod.getVolumes()).isEqualTo(deployment.getSpec().getTemplate().getSpec().getVolumes());
            assertThat(ServiceProperties.of(Overlays.repoRoot(), service).readsEnv(key)).as(key).isTrue();

            Map<String, String> podLabels = job.getSpec().getTemplate().getMetadata().getLabels();
            Service endpoint = rendered.named(Service.class, service);
            assertThat(podLabels.entrySet().containsAll(endpoint.getSpec().getSelector().entrySet()))
                    .as("the migration pod of %s is never an endpoint of its Service", service).isFalse();
            NetworkPolicy policy = rendered.named(NetworkPolicy.class, service + "-migrations");
            assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
            assertThat(policy.getSpec().getEgress()).flatExtracting(e -> e.getPorts())
                    .anyMatch(p -> p.getPort().getIntVal() != null && p.getPort().getIntVal() == 27017);
            assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
        }
    }

    private static Optional<String> env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst();
    }
}
