package io.omnijourney.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Kafka's command-line tools run in a child JVM on the broker's class path, for benchmarks and scripts that must not
 * carry Kafka jars themselves.
 */
public final class InfraTools {

    private InfraTools() {
    }

    /** Runs a tool's main class to completion; its output goes to {@code log}. Fails on a non-zero exit. */
    public static void run(String mainClass, List<String> args, Path log, Duration timeout) {
        ChildJvm.runToCompletion(List.of("-Xmx512m"), mainClass, args, log, timeout);
    }

    /** Creates a topic unless it exists. */
    public static void createTopic(String bootstrapServers, String topic, int partitions) {
        try {
            Path log = Files.createTempFile("omnijourney-topic-", ".log");
            run("org.apache.kafka.tools.TopicCommand", List.of("--bootstrap-server", bootstrapServers, "--create",
                    "--if-not-exists", "--topic", topic, "--partitions", String.valueOf(partitions),
                    "--replication-factor", "1"), log, Duration.ofMinutes(1));
            Files.deleteIfExists(log);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
