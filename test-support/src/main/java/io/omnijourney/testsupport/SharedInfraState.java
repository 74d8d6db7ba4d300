package io.omnijourney.testsupport;

import io.omnijourney.infra.KafkaBrokerProcess;
import io.omnijourney.infra.MongoServerProcess;
import io.omnijourney.testsupport.SharedInfra.Mode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/** The state behind {@link SharedInfra}, used only in the copy of the class that owns it. */
final class SharedInfraState {

    private static final System.Logger LOG = System.getLogger(SharedInfra.class.getName());

    private static Mode mode;
    private static Path dataRoot;
    private static KafkaBrokerProcess broker;
    private static MongoServerProcess mongo;
    private static boolean cleanupRegistered;

    private SharedInfraState() {
    }

    static synchronized Mode mode() {
        if (mode == null) {
            mode = resolveMode();
        }
        return mode;
    }

    static synchronized String kafkaBootstrapServers() {
        if (mode() == Mode.CONTAINERS) {
            return SharedContainers.kafkaBootstrapServers();
        }
        if (broker == null) {
            KafkaBrokerProcess created = KafkaBrokerProcess.builder().dataDir(dataRoot().resolve("kafka")).build();
            created.start();
            broker = created;
            LOG.log(Level.INFO, "Shared Kafka broker ready at {0} after {1} ms (logs in {2})",
                    broker.bootstrapServers(), broker.lastStartDuration().toMillis(), broker.dataDir());
        }
        return broker.bootstrapServers();
    }

    static synchronized String mongoConnectionString() {
        if (mode() == Mode.CONTAINERS) {
            return SharedContainers.mongoConnectionString();
        }
        if (mongo == null) {
            MongoServerProcess created = MongoServerProcess.builder().workDir(dataRoot().resolve("mongo")).build();
            created.start();
            mongo = created;
        }
        return mongo.connectionString();
    }

    /** The MongoDB server, started once if it never was, for tests that pause it. */
    static synchronized MongoServerProcess embeddedMongo(String operation) {
        if (mode() != Mode.EMBEDDED) {
            throw new UnsupportedOperationException(operation + " needs the embedded MongoDB server; "
                    + SharedInfra.MODE_PROPERTY + "=" + mode().name().toLowerCase(Locale.ROOT)
                    + " is in effect (guard the test with assumeTrue(SharedInfra.canPauseMongo()))");
        }
        mongoConnectionString();
        return mongo;
    }

    /** The broker, started once if it never was, for tests that stop and start it. */
    static synchronized KafkaBrokerProcess embeddedBroker(String operation) {
        if (mode() != Mode.EMBEDDED) {
            throw new UnsupportedOperationException(operation + " needs the embedded broker; "
                    + SharedInfra.MODE_PROPERTY + "=" + mode().name().toLowerCase(Locale.ROOT)
                    + " is in effect (guard the test with assumeTrue(SharedInfra.canRestartKafka()))");
        }
        kafkaBootstrapServers();
        return broker;
    }

    private static Mode resolveMode() {
        String requested = System.getProperty(SharedInfra.MODE_PROPERTY, "embedded").trim().toLowerCase(Locale.ROOT);
        switch (requested) {
            case "", "embedded":
                return Mode.EMBEDDED;
            case "containers":
                if (SharedContainers.dockerAvailable()) {
                    return Mode.CONTAINERS;
                }
                LOG.log(Level.WARNING, SharedInfra.MODE_PROPERTY + "=containers was requested but no Docker engine"
                        + " is reachable; using the embedded Kafka broker and Mongo server instead");
                return Mode.EMBEDDED;
            default:
                throw new IllegalArgumentException(SharedInfra.MODE_PROPERTY + " must be 'embedded' or 'containers',"
                        + " not '" + requested + "'");
        }
    }

    private static Path dataRoot() {
        if (dataRoot == null) {
            try {
                dataRoot = Files.createTempDirectory("omnijourney-infra-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            registerCleanup();
        }
        return dataRoot;
    }

    private static void registerCleanup() {
        if (!cleanupRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInfraState::cleanUp, "omnijourney-shared-infra-cleanup"));
            cleanupRegistered = true;
        }
    }

    /** Killing is enough: the data is deleted right after, so a clean broker shutdown buys nothing. */
    private static void cleanUp() {
        KafkaBrokerProcess brokerToKill;
        MongoServerProcess mongoToKill;
        Path root;
        synchronized (SharedInfraState.class) {
            brokerToKill = broker;
            mongoToKill = mongo;
            root = dataRoot;
        }
        if (brokerToKill != null) {
            brokerToKill.kill();
        }
        if (mongoToKill != null) {
            mongoToKill.kill();
        }
        if (root != null) {
            deleteRecursively(root);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort at exit; the directory is in the temp area anyway.
        }
    }
}
