package io.omnijourney.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One overlay, rendered once per test JVM: the raw objects (never to be modified by a test), where each came from,
 * and the typed objects. Also renders single manifests that are applied by hand (the restore Job).
 */
final class RenderedOverlay {

    private static final Map<String, RenderedOverlay> CACHE = new ConcurrentHashMap<>();

    private final String name;
    private final KustomizeRenderer.Rendering rendering;
    private final List<HasMetadata> typed;

    private RenderedOverlay(String name, KustomizeRenderer.Rendering rendering) {
        this.name = name;
        this.rendering = rendering;
        this.typed = rendering.objects().stream().map(Manifests::typed).toList();
    }

    static RenderedOverlay of(String overlay) {
        return CACHE.computeIfAbsent(overlay, o -> new RenderedOverlay(o, KustomizeRenderer.renderWithSources(Overlays.dir(o))));
    }

    /** The restore Job, as {@code kubectl -n <namespace> apply -f} would create it in the production namespace. */
    static Job restoreJob() {
        Path file = Overlays.deployDir().resolve("restore/restore-job.yaml");
        List<Map<String, Object>> docs = KustomizeRenderer.readAll(file);
        return (Job) Manifests.typed(docs.get(0));
    }

    static List<Map<String, Object>> restoreJobRaw() {
        return KustomizeRenderer.readAll(Overlays.deployDir().resolve("restore/restore-job.yaml"));
    }

    String name() {
        return name;
    }

    List<Map<String, Object>> raw() {
        return rendering.objects();
    }

    KustomizeRenderer.Rendering rendering() {
        return rendering;
    }

    List<HasMetadata> objects() {
        return typed;
    }

    <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return typed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String objectName) {
        return ofType(type).stream().filter(o -> o.getMetadata().getName().equals(objectName)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no " + type.getSimpleName() + " " + objectName));
    }

    /** The raw object (the YAML as rendered) of a kind and name. */
    Map<String, Object> rawNamed(String kind, String objectName) {
        return raw().stream().filter(o -> kind.equals(o.get("kind")) && objectName.equals(KustomizeRenderer.name(o)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " has no " + kind + " " + objectName));
    }

    /** Every pod template of the overlay's workloads, by "Kind/name". */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        ofType(Deployment.class).forEach(d -> templates.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        ofType(StatefulSet.class).forEach(s -> templates.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
        ofType(CronJob.class).forEach(c -> templates.put("CronJob/" + c.getMetadata().getName(),
                c.getSpec().getJobTemplate().getSpec().getTemplate()));
        ofType(Job.class).forEach(j -> templates.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate()));
        return templates;
    }
}
