package io.omnijourney.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** A packaged service started as a child JVM for a benchmark, with what benchmarks ask of it. */
final class ServiceRunner implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();

    private ServiceRunner(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts {@code <module>/target/quarkus-app/quarkus-run.jar} with these system properties; extra JVM arguments
     * come from the system property {@code omnijourney.bench.service-jvm-args} (e.g. a flight recording).
     */
    static ServiceRunner start(Path repo, String module, Map<String, String> properties, Path log) throws IOException {
        Path app = repo.resolve(module + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(app)) {
            throw new IllegalStateException("package " + module + " first (the bench scripts do): " + app);
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-XX:+UseParallelGC"));
        String extra = System.getProperty("omnijourney.bench.service-jvm-args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", app.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServiceRunner(module, port, process);
    }

    int port() {
        return port;
    }

    void awaitReady() throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue());
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become ready");
    }

    /** The Prometheus lines of {@code /q/metrics}. */
    List<String> metrics() throws Exception {
        return List.of(get("/q/metrics").body().split("\n"));
    }

    /** The value of the first sample whose line starts with {@code prefix} (name and, if wanted, labels). */
    OptionalDouble metric(String prefix) throws Exception {
        for (String line : metrics()) {
            if (line.startsWith(prefix)) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static int intArg(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
