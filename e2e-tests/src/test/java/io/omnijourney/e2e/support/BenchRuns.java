package io.omnijourney.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the whole-system benchmark programs ({@code LatencyBench}, {@code ConsoleBench}) share: their
 * {@code name=value} arguments, a results directory per run, the infrastructure JVMs' settings for a long run with a
 * large live set, the consumers' lag they wait out, and the load average they report beside their figures.
 */
public final class BenchRuns {

    private BenchRuns() {
    }

    /** The value of {@code name=...} among the arguments, or {@code fallback}. */
    public static String stringArg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    public static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(stringArg(args, name, String.valueOf(fallback)));
    }

    /** A new directory {@code e2e-tests/target/<prefix>-<yyyyMMdd-HHmmss>} for this run's system and logs. */
    public static Path resultsDir(String prefix) throws IOException {
        return Files.createDirectories(Stack.repoRoot().resolve("e2e-tests/target/" + prefix + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now())));
    }

    /**
     * The MongoDB server's heap (unless set with {@link Stack#MONGO_HEAP}) and G1 for it and the broker (unless their
     * JVM options are set). Hundreds of thousands of documents on the in-memory server: at 512 MB its heap filled up
     * and full GCs of 1.3 to 2.2 s each stalled every service that waited on it. Every document it stores survives:
     * the serial collector's young pauses copied them for 200 ms to 1.1 s, every 2 to 3 s; G1 keeps its pauses
     * short. The broker's serial young pauses took 80 ms on average at 200 events/s, every 7 s, with every client
     * waiting.
     */
    public static void largeServerDefaults(String mongoHeap) {
        setIfAbsent(Stack.MONGO_HEAP, mongoHeap);
        setIfAbsent(Stack.MONGO_JVM_OPTIONS, "-XX:+UseG1GC -XX:MaxGCPauseMillis=50");
        setIfAbsent(Stack.KAFKA_JVM_OPTIONS, "-XX:+UseG1GC -XX:MaxGCPauseMillis=20");
    }

    /** This machine's load average as {@code /proc/loadavg} gives it, or "unknown". */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** How far a consumer group is behind: the partitions it has committed offsets in, and the records. */
    public record GroupLag(int partitions, long records) {
    }

    /** Every consumer group's lag: its committed offsets against the end of each of those partitions. */
    public static Map<String, GroupLag> lagByGroup(Admin admin) throws ExecutionException, InterruptedException {
        Map<String, GroupLag> lags = new LinkedHashMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            long records = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
                if (c.getValue() != null && ends.containsKey(c.getKey())) {
                    records += Math.max(0, ends.get(c.getKey()).offset() - c.getValue().offset());
                }
            }
            lags.put(group.groupId(), new GroupLag(committed.size(), records));
        }
        return lags;
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
