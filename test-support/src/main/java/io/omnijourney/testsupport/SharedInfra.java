package io.omnijourney.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * One Kafka broker and one Mongo server per test JVM, started on first use and stopped when the
 * JVM exits.
 *
 * <p>The mode comes from the system property {@value #MODE_PROPERTY}: {@code embedded} (default)
 * runs the broker and server in child JVMs (see omnijourney-infra-launcher); {@code containers}
 * runs Testcontainers' {@value #KAFKA_IMAGE} and {@value #MONGO_IMAGE} images, falling back to
 * embedded with a warning when no Docker engine is reachable.
 *
 * <p>Quarkus gives each test application (each profile or test-resource combination) class
 * loaders of its own, so static state here would be duplicated per application. All calls are
 * therefore forwarded to the copy of this class in the system class loader, which alone owns the
 * processes; only JDK types cross that boundary.
 */
public final class SharedInfra {

    public static final String MODE_PROPERTY = "omnijourney.test.infra";
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    public static final String MONGO_IMAGE = "mongo:7.0";

    /** Where the shared services run. */
    public enum Mode {
        EMBEDDED,
        CONTAINERS
    }

    private static final Class<?> OWNER = findOwner();

    private SharedInfra() {
    }

    /** The mode in effect, after any fallback from containers to embedded. */
    public static Mode mode() {
        Object mode = SharedInfra.<Object>call("mode", SharedInfraState::mode);
        return mode instanceof Mode own ? own : Mode.valueOf(((Enum<?>) mode).name());
    }

    /** {@code host:port} of the shared broker; starts it on first call. */
    public static String kafkaBootstrapServers() {
        return call("kafkaBootstrapServers", SharedInfraState::kafkaBootstrapServers);
    }

    /** {@code mongodb://host:port} of the shared server; starts it on first call. */
    public static String mongoConnectionString() {
        return call("mongoConnectionString", SharedInfraState::mongoConnectionString);
    }

    /** Whether {@link #stopKafka()}, {@link #startKafka()} and {@link #killKafka()} are supported. */
    public static boolean canRestartKafka() {
        return call("canRestartKafka", () -> SharedInfraState.mode() == Mode.EMBEDDED);
    }

    /**
     * Stops the shared broker gracefully; it stays down until {@link #startKafka()}. Tests that
     * use this should {@code assumeTrue(SharedInfra.canRestartKafka())} and restart it at the end.
     *
     * @throws UnsupportedOperationException in containers mode
     */
    public static void stopKafka() {
        call("stopKafka", () -> {
            SharedInfraState.embeddedBroker("stopKafka").stop();
            return null;
        });
    }

    /** Kills the shared broker (SIGKILL), as a crash would. Embedded mode only. */
    public static void killKafka() {
        call("killKafka", () -> {
            SharedInfraState.embeddedBroker("killKafka").kill();
            return null;
        });
    }

    /**
     * Process id of the embedded broker JVM while it runs, e.g. to pause it with SIGSTOP in a
     * fault test; empty when it is stopped or runs in a container.
     */
    public static OptionalLong kafkaPid() {
        return call("kafkaPid", () -> SharedInfraState.mode() == Mode.EMBEDDED
                ? SharedInfraState.embeddedBroker("kafkaPid").pid()
                : OptionalLong.empty());
    }

    /** Whether {@link #pauseMongo()} and {@link #resumeMongo()} are supported (embedded mode). */
    public static boolean canPauseMongo() {
        return call("canPauseMongo", () -> SharedInfraState.mode() == Mode.EMBEDDED);
    }

    /**
     * Pauses the shared MongoDB server (SIGSTOP): it stops answering, as a hung or partitioned server would, until
     * {@link #resumeMongo()}. Every test that pauses it must resume it (in a finally block). Embedded mode only.
     */
    public static void pauseMongo() {
        call("pauseMongo", () -> {
            SharedInfraState.embeddedMongo("pauseMongo").pause();
            return null;
        });
    }

    /** Resumes the shared MongoDB server after {@link #pauseMongo()}. */
    public static void resumeMongo() {
        call("resumeMongo", () -> {
            SharedInfraState.embeddedMongo("resumeMongo").resume();
            return null;
        });
    }

    /** Starts the shared broker again on the same address with the same data. Embedded mode only. */
    public static void startKafka() {
        call("startKafka", () -> {
            SharedInfraState.embeddedBroker("startKafka").start();
            return null;
        });
    }

    private static Class<?> findOwner() {
        try {
            return Class.forName(SharedInfra.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return SharedInfra.class;
        }
    }

    /** Runs {@code local} if this copy owns the state, else the same-named method of the owner's copy. */
    @SuppressWarnings("unchecked")
    private static <T> T call(String method, Supplier<T> local) {
        if (OWNER == SharedInfra.class) {
            return local.get();
        }
        try {
            return (T) OWNER.getMethod(method).invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot reach the shared infrastructure owner", e);
        }
    }
}
