package io.omnijourney.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Kafka's command-line tools, run in a child JVM from the class path this module wrote at build time. */
final class KafkaTools {

    private static final String CLASSPATH_RESOURCE = "/META-INF/omnijourney/kafka-tools.classpath";

    private KafkaTools() {
    }

    /** Runs a tool to completion; its output goes to {@code log}. Fails on a non-zero exit or a timeout. */
    static void run(String mainClass, List<String> args, Path log, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", classPath(), mainClass));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(mainClass + " did not finish within " + timeout + ", see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(mainClass + " failed (exit " + process.exitValue() + "), see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void createTopic(String bootstrapServers, String topic, int partitions, Path log) {
        run("org.apache.kafka.tools.TopicCommand", List.of("--bootstrap-server", bootstrapServers, "--create",
                "--if-not-exists", "--topic", topic, "--partitions", String.valueOf(partitions),
                "--replication-factor", "1"), log, Duration.ofMinutes(1));
    }

    private static String classPath() {
        try (InputStream in = KafkaTools.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("build the bench module first: " + CLASSPATH_RESOURCE + " is missing");
            }
            String classPath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String first = classPath.split(java.io.File.pathSeparator)[0];
            if (!Files.exists(Path.of(first))) {
                throw new IllegalStateException("the Kafka tools class path names missing files: rebuild bench");
            }
            return classPath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
