package io.omnijourney.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where a kubectl with Kustomize is installed (on the PATH, or named by {@code -Dkubectl=/path/to/kubectl}), the test
 * renderer must produce exactly what {@code kubectl kustomize} produces. Skipped elsewhere: the other tests do not
 * need it.
 */
class KubectlKustomizeEquivalenceTest {

    @ParameterizedTest
    @org.junit.jupiter.params.provider.FieldSource("io.omnijourney.deploy.Overlays#ALL")
    void renderer_matches_kubectl_kustomize(String overlay) throws Exception {
        Optional<Path> kubectl = kubectl();
        assumeTrue(kubectl.isPresent(), "no kubectl on the PATH and no -Dkubectl: equivalence not checked");
        Path dir = Overlays.dir(overlay);

        Process process = new ProcessBuilder(kubectl.get().toString(), "kustomize", dir.toString())
                .redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();

        assertThat(byId(KustomizeRenderer.render(dir))).isEqualTo(byId(KustomizeRenderer.parseAll(out)));
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        objects.forEach(o -> byId.put(Overlays.id(o), o));
        return byId;
    }

    private static Optional<Path> kubectl() throws IOException, InterruptedException {
        String configured = System.getProperty("kubectl");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate) && hasKustomize(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean hasKustomize(Path kubectl) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl.toString(), "version", "--client").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 && out.contains("Kustomize");
    }
}
