package io.omnijourney.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where deploy/ is, and how rendered objects are named. */
final class Overlays {

    static final List<String> ALL = List.of("dev", "production");

    private Overlays() {
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("omnijourney.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path dir(String overlay) {
        return repoRoot().resolve("deploy/overlays").resolve(overlay);
    }

    static String id(Map<String, Object> object) {
        Map<String, Object> metadata = KustomizeRenderer.map(object.get("metadata"));
        return object.get("kind") + "/" + metadata.get("namespace") + "/" + metadata.get("name");
    }
}
