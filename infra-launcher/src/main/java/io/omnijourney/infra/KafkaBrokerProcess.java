package io.omnijourney.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) in a JVM of its own.
 *
 * <p>Ports are fixed when the object is built, so {@link #stop()} followed by {@link #start()}
 * brings the same broker back on the same address with the same data. If the parent JVM dies,
 * the broker follows it.
 *
 * <p>Files in {@link #dataDir()}: {@code server.properties}, {@code log4j2.xml},
 * {@code kafka-logs/} (the partitions), {@code broker.log} (the broker's own log) and
 * {@code broker-console.log} (the JVM's stdout and stderr).
 */
public final class KafkaBrokerProcess extends ChildProcess {

    private static final String BROKER_LOG = "broker.log";
    private static final String CONSOLE_LOG = "broker-console.log";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final String heap;
    private final List<String> jvmArgs;
    private final Map<String, String> extraProperties;
    private final String logLevel;
    private final Duration startTimeout;
    private Duration lastStartDuration;

    private KafkaBrokerProcess(Builder builder) {
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.brokerPort = Ports.resolve(builder.brokerPort);
        this.controllerPort = Ports.resolveDistinct(builder.controllerPort, brokerPort);
        this.heap = builder.heap;
        this.jvmArgs = List.copyOf(builder.jvmArgs);
        this.extraProperties = Map.copyOf(builder.properties);
        this.logLevel = builder.logLevel;
        this.startTimeout = builder.startTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and returns once it answers an admin request. Formats the storage on the
     * first start only. Does nothing if the broker is already running.
     *
     * @throws IllegalStateException if the broker does not become ready within the start timeout;
     *     the message carries the tail of the broker's logs
     */
    public synchronized KafkaBrokerProcess start() {
        if (isRunning()) {
            return this;
        }
        long started = System.nanoTime();
        writeConfiguration();
        if (!Files.exists(logDirs().resolve("meta.properties"))) {
            formatStorage();
        }
        launch(jvmOptions(), List.of("kafka", serverProperties().toString()), consoleLog(), startTimeout,
                e -> new IllegalStateException("Kafka broker on " + bootstrapServers() + " did not become ready within "
                        + startTimeout + " (" + e.getMessage() + ")\n" + LogTail.of(brokerLog(), consoleLog()), e));
        lastStartDuration = Duration.ofNanos(System.nanoTime() - started);
        return this;
    }





    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path brokerLog() {
        return dataDir.resolve(BROKER_LOG);
    }

    /** Wall time of the last successful {@link #start()}, storage formatting included; null before. */
    public synchronized Duration lastStartDuration() {
        return lastStartDuration;
    }


    private Path logDirs() {
        return dataDir.resolve("kafka-logs");
    }

    private Path serverProperties() {
        return dataDir.resolve("server.properties");
    }

    private Path log4jConfig() {
        return dataDir.resolve("log4j2.xml");
    }

    private Path consoleLog() {
        return dataDir.resolve(CONSOLE_LOG);
    }

    private List<String> jvmOptions() {
        List<String> options = new ArrayList<>(jvmArgs);
        options.add(0, "-Dlog4j2.configurationFile=" + log4jConfig());
        return JvmOptions.of(heap, options);
    }

    private void formatStorage() {
        // A two-second tool: the C1 compiler alone gets it done sooner.
        List<String> options = List.of("-Dlog4j2.configurationFile=" + log4jConfig(), "-XX:TieredStopAtLevel=1");
        ChildJvm.runToCompletion(JvmOptions.of("256m", options),
                "kafka.tools.StorageTool",
                List.of("format", "-t", newClusterId(), "-c", serverProperties().toString()),
                consoleLog(), FORMAT_TIMEOUT);
    }

    /** Same shape as Kafka's own ids; one starting with '-' would be parsed as a command-line option. */
    private static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private void writeConfiguration() {
        try {
            Files.createDirectories(logDirs());
            Files.writeString(serverProperties(), toPropertiesText(brokerConfig()), StandardCharsets.UTF_8);
            Files.writeString(log4jConfig(), log4jXml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write broker configuration to " + dataDir, e);
        }
    }

    private Map<String, String> brokerConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", logDirs().toString());
        // Topics are part of the contract: a typo must fail, not silently create a topic.
        config.put("auto.create.topics.enable", "false");
        config.put("num.partitions", "1");
        config.put("offsets.topic.replication.factor", "1");
        // Fewer than the default 50 partitions: the first consumer group creates them all.
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // After kill() the controller holds the dead incarnation's registration until its session
        // expires; the default 9 s would add that much to every restart after a crash.
        config.put("broker.session.timeout.ms", "3000");
        config.put("broker.heartbeat.interval.ms", "500");
        // The default 128 MiB buffer is allocated up front; compacted topics here are tiny.
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        config.putAll(extraProperties);
        return config;
    }

    private static String toPropertiesText(Map<String, String> config) {
        return config.entrySet().stream()
                .map(e -> escapeProperty(e.getKey()) + "=" + escapeProperty(e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String escapeProperty(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private String log4jXml() {
        String file = escapeXml(brokerLog().toString());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by KafkaBrokerProcess on every start. Shutdown hook off: Kafka logs its own shutdown. -->
                <Configuration status="WARN" shutdownHook="disable">
                  <Appenders>
                    <RollingFile name="file" fileName="%1$s" filePattern="%1$s.%%i">
                      <PatternLayout pattern="[%%d] %%p %%m (%%c)%%n"/>
                      <SizeBasedTriggeringPolicy size="20 MB"/>
                      <DefaultRolloverStrategy max="2"/>
                    </RollingFile>
                  </Appenders>
                  <Loggers>
                    <Root level="%2$s"><AppenderRef ref="file"/></Root>
                    <Logger name="kafka.Kafka" level="INFO"/>
                    <Logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                    <Logger name="kafka.server.BrokerServer" level="INFO"/>
                    <Logger name="kafka.server.ControllerServer" level="INFO"/>
                    <!-- The readiness probe's refused connections would otherwise fill the tail shown on failure. -->
                    <Logger name="org.apache.kafka.clients.NetworkClient" level="ERROR"/>
                  </Loggers>
                </Configuration>
                """.formatted(file, escapeXml(logLevel));
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String toString() {
        return "KafkaBrokerProcess[" + bootstrapServers() + ", " + dataDir + "]";
    }

    public static final class Builder {
        private Path dataDir;
        private int brokerPort;
        private int controllerPort;
        private String heap = "768m";
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String logLevel = "WARN";
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Required. Holds configuration, partitions and logs; reused across restarts. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /**
         * Client port; 0 (the default) picks a free one, below the ephemeral range, when
         * {@link #build()} runs.
         */
        public Builder brokerPort(int port) {
            this.brokerPort = port;
            return this;
        }

        /** KRaft controller port; 0 (the default) picks a free one when {@link #build()} runs. */
        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        /** Maximum heap of the broker JVM, "768m" by default ("1g" and "-Xmx1g" are accepted too). */
        public Builder heap(String heap) {
            this.heap = JvmOptions.maxHeap(heap);
            return this;
        }

        /**
         * An extra option for the broker JVM. The serial collector is used unless an option names
         * another one, e.g. {@code -XX:+UseG1GC} for a long throughput run.
         */
        public Builder jvmArg(String option) {
            jvmArgs.add(Objects.requireNonNull(option, "option"));
            return this;
        }

        /** A broker property; overrides the defaults this class writes. */
        public Builder brokerProperty(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /** Root level of {@code broker.log}: WARN by default; start and stop are logged at INFO regardless. */
        public Builder logLevel(String level) {
            this.logLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public KafkaBrokerProcess build() {
            if (dataDir == null) {
                throw new IllegalStateException("dataDir is required");
            }
            return new KafkaBrokerProcess(this);
        }
    }
}
