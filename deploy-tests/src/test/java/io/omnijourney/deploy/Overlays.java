package io.omnijourney.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where deploy/ is, what can be rendered from it, and how rendered objects are named. */
final class Overlays {

    /** Everything that renders: the two overlays and the example site (which builds on production). */
    static final List<String> ALL = List.of("dev", "production", "sites/example");
    /** What an operator applies to a production cluster: the site overlays. */
    static final List<String> SITES = List.of("sites/example");
    /** The web console: a Deployment like the services', without database, broker, secrets or migrations. */
    static final String CONSOLE = "console";
    /** Every Deployment an overlay renders: the four services and the console. */
    static final List<String> DEPLOYMENTS = java.util.stream.Stream.concat(ServiceTopics.SERVICES.stream(),
            java.util.stream.Stream.of(CONSOLE)).toList();

    private Overlays() {
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("omnijourney.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path deployDir() {
        return repoRoot().resolve("deploy");
    }

    /** {@code dev} and {@code production} are under deploy/overlays, a site by its path under deploy/. */
    static Path dir(String overlay) {
        return overlay.contains("/") ? deployDir().resolve(overlay) : deployDir().resolve("overlays").resolve(overlay);
    }

    static String namespace(String overlay) {
        return overlay.equals("dev") ? "omnijourney-dev" : "omnijourney";
    }

    static boolean isProduction(String overlay) {
        return !overlay.equals("dev");
    }

    static String id(Map<String, Object> object) {
        Map<String, Object> metadata = KustomizeRenderer.map(object.get("metadata"));
        return object.get("kind") + "/" + metadata.get("namespace") + "/" + metadata.get("name");
    }
}
