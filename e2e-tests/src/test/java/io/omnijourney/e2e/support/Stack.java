package io.omnijourney.e2e.support;

import io.omnijourney.infra.KafkaBrokerProcess;
import io.omnijourney.infra.LocalSinksProcess;
import io.omnijourney.infra.MongoServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system as a user runs it: a Kafka broker, the MongoDB wire-protocol server, the local SMTP sink and
 * provider stand-in, and the four packaged services, each in a JVM of its own (or several instances of each, sharing
 * the broker and the database as replicas in a cluster do), wired the way bin/omnijourney wires them (API keys,
 * seeded sources, notification secrets, sink URLs). One per test class.
 */
public final class Stack implements AutoCloseable {

    public static final String ADMIN_KEY = "e2e-admin-key-0000";
    /** System property: the MongoDB server's maximum heap ("512m" by default). */
    public static final String MONGO_HEAP = "omnijourney.e2e.mongo-heap";
    /** System property: extra JVM options of the MongoDB server, space-separated (e.g. a collector). */
    public static final String MONGO_JVM_OPTIONS = "omnijourney.e2e.mongo-jvm-options";
    /** System property: extra JVM options of the Kafka broker, space-separated. */
    public static final String KAFKA_JVM_OPTIONS = "omnijourney.e2e.kafka-jvm-options";
    public static final String MARKETER_KEY = "e2e-marketer-key-0000";
    public static final String ANALYST_KEY = "e2e-analyst-key-0000";
    /** Write keys of the seeded tracking sources, by channel. */
    public static final Map<String, String> WRITE_KEYS = Map.of(
            "web", "wk_e2e_web_00000000", "mobile", "wk_e2e_mobile_00000000", "store", "wk_e2e_store_00000000",
            "call_center", "wk_e2e_call_center_00000000");

    private final Path dir;
    private final KafkaBrokerProcess kafka;
    private final MongoServerProcess mongo;
    private final MongoGate mongoGate;
    private final LocalSinksProcess sinks;
    public final ServiceProcess ingest;
    public final ServiceProcess profile;
    public final ServiceProcess journey;
    public final ServiceProcess notification;
    /** The web console, when the stack was started {@link #startWithConsole with it}; else null. */
    public final ServiceProcess console;
    private final Map<String, List<ServiceProcess>> instances = new LinkedHashMap<>();

    private Stack(Path dir, Map<String, Map<String, String>> extra, int replicas, boolean gatedMongo)
            throws Exception {
        this(dir, extra, replicas, gatedMongo, false);
    }

    private Stack(Path dir, Map<String, Map<String, String>> extra, int replicas, boolean gatedMongo,
            boolean withConsole) throws Exception {
        this.dir = dir;
        Path repo = repoRoot();
        Path logs = Files.createDirectories(dir.resolve("logs"));
        KafkaBrokerProcess.Builder broker = KafkaBrokerProcess.builder().dataDir(dir.resolve("kafka")).heap("384m");
        ServiceProcess.jvmOptions(KAFKA_JVM_OPTIONS).forEach(broker::jvmArg);
        kafka = broker.build();
        // The memory backend keeps every document on the server's heap: the latency benchmark's data needs more.
        MongoServerProcess.Builder server = MongoServerProcess.builder()
                .workDir(Files.createDirectories(dir.resolve("mongo"))).heap(System.getProperty(MONGO_HEAP, "512m"));
        ServiceProcess.jvmOptions(MONGO_JVM_OPTIONS).forEach(server::jvmArg);
        mongo = server.build();
        mongoGate = gatedMongo ? new MongoGate(freePort(), mongo.port()) : null;
        sinks = LocalSinksProcess.of(dir.resolve("sinks"), 0, 0, 0);
        ingest = replicas(repo, "ingest-service", with(extra, "ingest-service", ingest()), logs, replicas);
        profile = replicas(repo, "profile-service", with(extra, "profile-service", profileService()), logs,
                replicas);
        journey = replicas(repo, "journey-service", with(extra, "journey-service", common()), logs, replicas);
        notification = replicas(repo, "notification-service", with(extra, "notification-service", notification()),
                logs, replicas);
        console = withConsole ? replicas(repo, "console", with(extra, "console", consoleProperties()), logs, 1)
                : null;
        // Ports and addresses are fixed when the processes are built: a missing service jar fails before anything starts.
        try {
            kafka.start();
            mongo.start();
            if (mongoGate != null) {
                mongoGate.open();
            }
            sinks.start();
        } catch (RuntimeException e) {
            closeInfra();
            throw e;
        }
        // Launched together, awaited one by one: on two cores the JVMs' start-ups overlap with each other's I/O.
        try {
            for (ServiceProcess service : services()) {
                service.launch();
            }
            for (ServiceProcess service : services()) {
                service.awaitReady();
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Starts everything under {@code dir}; {@code extra} adds or overrides system properties per module. */
    public static Stack start(Path dir, Map<String, Map<String, String>> extra) throws Exception {
        return new Stack(dir, extra, 1, false);
    }

    /** As {@link #start(Path, Map)}, with {@code replicas} instances of every service (the first is the field). */
    public static Stack start(Path dir, Map<String, Map<String, String>> extra, int replicas) throws Exception {
        return new Stack(dir, extra, replicas, false);
    }

    /** As {@link #start(Path, Map)}, with the web console in front of the services. */
    public static Stack startWithConsole(Path dir, Map<String, Map<String, String>> extra) throws Exception {
        return new Stack(dir, extra, 1, false, true);
    }

    /**
     * As {@link #start(Path, Map)}, with the services reaching MongoDB through a gate that {@link #closeMongoPort()}
     * shuts, as a stopped server would be, while the server keeps its data.
     */
    public static Stack startWithMongoGate(Path dir, Map<String, Map<String, String>> extra) throws Exception {
        return new Stack(dir, extra, 1, true);
    }

    /**
     * MongoDB goes away for the services: its port refuses connections and every open connection is cut, as when
     * mongod stops. Only for a stack started {@link #startWithMongoGate with the gate}.
     */
    public void closeMongoPort() {
        gate().shut();
    }

    /** MongoDB is back on the same port, with the data it had; the drivers reconnect by themselves. */
    public void openMongoPort() throws IOException {
        gate().open();
    }

    private MongoGate gate() {
        if (mongoGate == null) {
            throw new IllegalStateException("this stack was not started with the MongoDB gate");
        }
        return mongoGate;
    }

    /** Every instance of every service. */
    public List<ServiceProcess> services() {
        return instances.values().stream().flatMap(List::stream).toList();
    }

    /** The instances of one service ({@code ingest-service}, ...), the first one first. */
    public List<ServiceProcess> instances(String module) {
        return instances.get(module);
    }

    /** Builds the service's instances, each on its own port with its own log; returns the first. */
    private ServiceProcess replicas(Path repo, String module, Map<String, String> properties, Path logs, int count)
            throws IOException {
        List<ServiceProcess> list = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(new ServiceProcess(repo, module, count == 1 ? module : module + "-" + i, freePort(), properties,
                    logs));
        }
        instances.put(module, List.copyOf(list));
        return list.get(0);
    }

    public String mailUrl() {
        return sinks.mailUrl();
    }

    public String providersUrl() {
        return sinks.providersUrl();
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    public Path dir() {
        return dir;
    }

    private Map<String, String> common() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        p.put("quarkus.mongodb.connection-string", mongoGate == null ? mongo.connectionString()
                : "mongodb://127.0.0.1:" + mongoGate.port());
        // A killed consumer's partitions go to its restarted process once the broker expires the dead member: after
        // 6 s (the broker's minimum) instead of the 45 s default.
        p.put("omnijourney.kafka.consumer.session.timeout.ms", "6000");
        p.put("omnijourney.kafka.consumer.heartbeat.interval.ms", "1000");
        p.put("omnijourney.auth.api-keys.admin.key", ADMIN_KEY);
        p.put("omnijourney.auth.api-keys.admin.roles", "admin,marketer,analyst");
        p.put("omnijourney.auth.api-keys.marketer.key", MARKETER_KEY);
        p.put("omnijourney.auth.api-keys.marketer.roles", "marketer");
        p.put("omnijourney.auth.api-keys.analyst.key", ANALYST_KEY);
        p.put("omnijourney.auth.api-keys.analyst.roles", "analyst");
        // The services run in the production profile against the local wire-protocol server, which needs these.
        for (String service : List.of("profile", "journey", "notification")) {
            p.put("omnijourney." + service + ".mongo.local-server-workarounds", "true");
        }
        return p;
    }

    private Map<String, String> ingest() {
        Map<String, String> p = common();
        WRITE_KEYS.forEach((channel, key) -> {
            String id = channel.replace('_', '-');
            p.put("omnijourney.ingest.seed-sources." + id + ".name", "E2E " + channel);
            p.put("omnijourney.ingest.seed-sources." + id + ".channel", channel);
            p.put("omnijourney.ingest.seed-sources." + id + ".write-key", key);
        });
        return p;
    }

    /** The console calls the services at their addresses; it has no keys of its own. */
    private Map<String, String> consoleProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("omnijourney.console.ingest-url", ingest.url());
        p.put("omnijourney.console.profile-url", profile.url());
        p.put("omnijourney.console.journey-url", journey.url());
        p.put("omnijourney.console.notification-url", notification.url());
        return p;
    }

    private Map<String, String> profileService() {
        Map<String, String> p = common();
        p.put("omnijourney.profile.suppression.secret", "e2e-suppression-secret-of-32-characters");
        return p;
    }

    private Map<String, String> notification() {
        Map<String, String> p = common();
        p.put("quarkus.mailer.host", "127.0.0.1");
        p.put("quarkus.mailer.port", String.valueOf(sinks.smtpPort()));
        // The services run in the production profile: every secret is given, at least 16 characters long.
        p.put("omnijourney.notification.webhook.signing-secret", "e2e-webhook-secret");
        p.put("omnijourney.notification.tracking.secret", "e2e-tracking-secret");
        p.put("omnijourney.notification.sms.primary.secret", "e2e-provider-token");
        p.put("omnijourney.notification.push.primary.secret", "e2e-provider-token");
        p.put("omnijourney.notification.sms.primary.base-url", sinks.providersUrl());
        p.put("omnijourney.notification.push.primary.base-url", sinks.providersUrl());
        return p;
    }

    private static Map<String, String> with(Map<String, Map<String, String>> extra, String module,
                                            Map<String, String> base) {
        base.putAll(extra.getOrDefault(module, Map.of()));
        return base;
    }

    /** The repository root: set by failsafe, else the parent of the working directory (the module). */
    public static Path repoRoot() {
        String configured = System.getProperty("omnijourney.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        List<ServiceProcess> all = new java.util.ArrayList<>(services());
        java.util.Collections.reverse(all);
        for (ServiceProcess service : all) {
            service.close();
        }
        closeInfra();
    }

    private void closeInfra() {
        sinks.close();
        if (mongoGate != null) {
            mongoGate.close();
        }
        mongo.close();
        kafka.close();
    }
}
