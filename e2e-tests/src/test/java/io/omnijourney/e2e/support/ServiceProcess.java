package io.omnijourney.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) as a child JVM, configured by system
 * properties, on a port fixed for its whole life so that a restart comes back at the same address.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private final String module;
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    /** Services are not ChildProcess JVMs watching their parent: make sure none outlives the test JVM. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "e2e-services-reaper"));
    }

    ServiceProcess(Path repo, String module, int port, Map<String, String> properties, Path logDir) {
        this(repo, module, module, port, properties, logDir);
    }

    /** {@code name} tells instances of one module apart (its log file is {@code <name>.log}). */
    ServiceProcess(Path repo, String module, String name, int port, Map<String, String> properties, Path logDir) {
        this.module = module;
        this.jar = repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not packaged: " + jar + " is missing. Run the tests through "
                    + "the reactor, which packages the services first: mvn -B -ntp verify -pl e2e-tests -am");
        }
        this.port = port;
        this.properties = new LinkedHashMap<>(properties);
        this.log = logDir.resolve(name + ".log");
    }

    /**
     * One instance of a packaged module outside any {@link Stack}, on a free port, its log in {@code logDir}: for
     * tests of how a service starts, or refuses to.
     */
    public static ServiceProcess standalone(String module, Map<String, String> properties, Path logDir)
            throws IOException {
        return new ServiceProcess(Stack.repoRoot(), module, Stack.freePort(), properties, logDir);
    }

    /** Starts the JVM (appending to its log) without waiting for readiness. */
    public synchronized ServiceProcess launch() throws IOException {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseParallelGC"));
        // Extra JVM options for one service, e.g. -Domnijourney.e2e.jvm-options.notification-service=-XX:+FlightRecorder
        command.addAll(jvmOptions("omnijourney.e2e.jvm-options." + module));
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        starts++;
        Files.writeString(log, "==== start " + starts + " at " + Instant.now() + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LIVE.add(process);
        return this;
    }

    /** The JVM options a system property lists, space-separated (none when it is unset or blank). */
    static List<String> jvmOptions(String property) {
        String options = System.getProperty(property, "").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /** Waits until {@code /q/health/ready} answers 200; fails at once if the JVM exits. */
    public ServiceProcess awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + ", see " + log
                        + "; its last lines:\n" + tail(40));
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException(module + " not ready within " + READY_TIMEOUT + ", see " + log);
    }

    /** The last {@code lines} lines of the log without stack frames, to say why a start failed. */
    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log).stream().filter(l -> !l.startsWith("\tat ")).toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** kill -9: no shutdown hook, no graceful close of consumers or producers. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Waits for the JVM to end by itself; its exit code, or empty when it still runs after {@code within}. */
    public OptionalInt awaitExit(Duration within) throws InterruptedException {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running == null || !running.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(running.exitValue());
    }

    /** SIGTERM: the graceful shutdown an orchestrator asks for; returns at once (see {@link #awaitExit}). */
    public synchronized void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String module() {
        return module;
    }

    public Path log() {
        return log;
    }

    /** The Prometheus text of {@code /q/metrics}. */
    public String metrics() throws IOException, InterruptedException {
        return get("/q/metrics").body();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
