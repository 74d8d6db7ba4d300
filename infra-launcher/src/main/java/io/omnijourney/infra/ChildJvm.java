package io.omnijourney.infra;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One child JVM running with the broker/server class path written at build time into
 * {@value #CLASSPATH_RESOURCE}. Its stdout and stderr go to a log file; its stdin is a pipe the
 * parent keeps open for the child's lifetime (see {@link InfraMain}).
 */
final class ChildJvm {

    static final String CLASSPATH_RESOURCE = "META-INF/omnijourney/infra.classpath";
    private static final Duration PARENT_EXIT_GRACE = Duration.ofSeconds(10);
    private static final Set<ChildJvm> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildJvm::stopAllOnExit, "omnijourney-child-jvm-reaper"));
    }

    private final Process process;
    private final Path consoleLog;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private ChildJvm(Process process, Path consoleLog) {
        this.process = process;
        this.consoleLog = consoleLog;
    }

    /** Starts {@code mainClass} and copies its output to {@code consoleLog}, watching for the READY line. */
    static ChildJvm launch(List<String> jvmArgs, String mainClass, List<String> args, Path consoleLog) {
        Process process = startProcess(command(jvmArgs, mainClass, args), consoleLog, true);
        ChildJvm child = new ChildJvm(process, consoleLog);
        LIVE.add(child);
        process.onExit().thenRun(() -> LIVE.remove(child));
        Thread pump = new Thread(child::pumpOutput, "omnijourney-child-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        return child;
    }

    /** Runs a short-lived tool to completion; its output is appended to {@code consoleLog}. */
    static void runToCompletion(List<String> jvmArgs, String mainClass, List<String> args, Path consoleLog,
                                Duration timeout) {
        Process process = startProcess(command(jvmArgs, mainClass, args), consoleLog, false);
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(mainClass + " did not finish within " + timeout
                        + "\n" + LogTail.of(consoleLog));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(mainClass + " failed with exit code " + process.exitValue()
                        + "\n" + LogTail.of(consoleLog));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + mainClass, e);
        }
    }

    static List<String> command(List<String> jvmArgs, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** This module's own classes (for {@link InfraMain}) followed by the provided-scope jars. */
    static String classPath() {
        URL url = ChildJvm.class.getClassLoader().getResource(CLASSPATH_RESOURCE);
        if (url == null) {
            throw new IllegalStateException(CLASSPATH_RESOURCE + " not found: was omnijourney-infra-launcher built"
                    + " with Maven (it is written at generate-resources)?");
        }
        String jars = read(url).trim();
        List<String> missing = Arrays.stream(jars.split(File.pathSeparator))
                .filter(entry -> !Files.exists(Path.of(entry)))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The infra class path names files that do not exist on this machine "
                    + missing + "; the launcher jar holds paths into the local Maven repository of the machine"
                    + " that built it, so rebuild omnijourney-infra-launcher here");
        }
        return moduleRoot(url) + File.pathSeparator + jars;
    }

    private static Path moduleRoot(URL resource) {
        try {
            return switch (resource.getProtocol()) {
                // .../target/classes/META-INF/omnijourney/infra.classpath
                case "file" -> Path.of(resource.toURI()).getParent().getParent().getParent();
                // jar:file:/.../omnijourney-infra-launcher.jar!/META-INF/omnijourney/infra.classpath
                case "jar" -> {
                    String path = resource.getPath();
                    yield Path.of(URI.create(path.substring(0, path.indexOf("!/"))));
                }
                default -> throw new IllegalStateException("Cannot locate the launcher classes from " + resource);
            };
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot locate the launcher classes from " + resource, e);
        }
    }

    private static String read(URL url) {
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process startProcess(List<String> command, Path consoleLog, boolean pipeOutput) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (!pipeOutput) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()));
        }
        try {
            Files.createDirectories(consoleLog.toAbsolutePath().getParent());
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.get(0), e);
        }
    }

    private void pumpOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(consoleLog, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.write(line);
                log.write(System.lineSeparator());
                log.flush();
                if (InfraMain.READY.equals(line)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            // The stream closes when the child dies; the checks below report that.
        }
        process.onExit().thenRun(() -> ready.completeExceptionally(
                new IllegalStateException("child JVM exited with code " + process.exitValue() + " before READY")));
    }

    /** Waits for the READY line; throws if the child exits first or the timeout passes. */
    void awaitReady(Duration timeout) throws TimeoutException {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the child JVM", e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM so the child's shutdown hooks run; SIGKILL if it has not exited within {@code grace}. */
    void stop(Duration grace) {
        process.destroy();
        awaitExit(grace);
        if (process.isAlive()) {
            kill();
        }
        LIVE.remove(this);
    }

    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        LIVE.remove(this);
    }

    private void awaitExit(Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopAllOnExit() {
        List<ChildJvm> children = List.copyOf(LIVE);
        children.forEach(child -> child.process.destroy());
        children.forEach(child -> child.stop(PARENT_EXIT_GRACE));
    }
}
