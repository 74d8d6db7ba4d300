package io.omnijourney.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Entry point of the child JVMs. This is the only class of the module that touches Kafka or
 * mongo-java-server classes; they are on the child's class path, never on the parent's.
 *
 * <pre>
 *   InfraMain kafka &lt;server.properties&gt;
 *   InfraMain mongo --port N [--h2 /path/file.mv] [--oplog]
 *   InfraMain sinks &lt;dir&gt; &lt;smtp-port&gt; &lt;mail-http-port&gt; &lt;providers-port&gt;
 * </pre>
 *
 * Prints {@value #READY} on its own line once the server answers clients.
 */
public final class InfraMain {

    static final String READY = "READY";
    private static final long READY_TIMEOUT_MS = 60_000;
    /** Upper bound for graceful shutdown once the parent is gone; a stuck broker must not outlive it. */
    private static final long ORPHAN_HALT_SECONDS = 20;

    private InfraMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        exitWhenParentGoes();
        switch (args[0]) {
            case "kafka" -> runKafka(args);
            case "mongo" -> runMongo(args);
            case "sinks" -> runSinks(args);
            default -> usage();
        }
    }

    private static void runKafka(String[] args) throws Exception {
        if (args.length != 2) {
            usage();
        }
        Path serverProperties = Path.of(args[1]);
        String bootstrap = firstAdvertisedListener(serverProperties);
        // Kafka.main blocks until shutdown and installs its own SIGTERM hook for a clean stop.
        Thread broker = new Thread(() -> kafka.Kafka.main(new String[] {serverProperties.toString()}), "kafka-main");
        broker.start();
        try {
            awaitBroker(bootstrap);
        } catch (Exception e) {
            // The broker thread would keep this JVM alive; exiting lets the parent fail fast.
            System.err.println("Broker did not answer on " + bootstrap + ": " + e);
            System.exit(1);
        }
        ready();
        broker.join();
    }

    private static String firstAdvertisedListener(Path serverProperties) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(serverProperties)) {
            props.load(reader);
        }
        String listeners = props.getProperty("advertised.listeners", props.getProperty("listeners", ""));
        String first = listeners.split(",")[0].trim();
        int scheme = first.indexOf("://");
        if (scheme < 0) {
            throw new IllegalArgumentException("No usable listener in " + serverProperties);
        }
        return first.substring(scheme + 3);
    }

    /** The admin client retries internally until the broker accepts requests or the timeout passes. */
    private static void awaitBroker(String bootstrap) throws Exception {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    private static void runMongo(String[] args) throws InterruptedException {
        Integer port = null;
        String h2File = null;
        boolean oplog = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--h2" -> h2File = args[++i];
                case "--oplog" -> oplog = true;
                default -> usage();
            }
        }
        if (port == null) {
            usage();
        }
        MongoBackend backend = h2File == null ? new LeanMemoryBackend() : new WholeReadH2Backend(h2File);
        MongoServer server = new MongoServer(backend);
        if (oplog) {
            server.enableOplog();
        }
        server.bind("127.0.0.1", port);
        // shutdown() also closes the backend, which commits the H2 store.
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "mongo-shutdown"));
        ready();
        new CountDownLatch(1).await();
    }

    private static void runSinks(String[] args) throws Exception {
        if (args.length != 5) {
            usage();
        }
        LocalSinksServer.run(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]));
        ready();
        new CountDownLatch(1).await();
    }

    private static void ready() {
        System.out.println(READY);
        System.out.flush();
    }

    /**
     * The parent holds our stdin open; end-of-file means it exited or was killed, so we follow it
     * instead of leaving an orphan server behind.
     */
    private static void exitWhenParentGoes() {
        Thread watcher = new Thread(() -> {
            drain(System.in);
            System.err.println("Parent JVM gone (stdin closed); shutting down");
            CompletableFuture.runAsync(() -> Runtime.getRuntime().halt(1),
                    CompletableFuture.delayedExecutor(ORPHAN_HALT_SECONDS, TimeUnit.SECONDS));
            System.exit(0);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) != -1) {
                // Nothing is ever sent; we only wait for end-of-file.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end-of-file.
        }
    }

    private static void usage() {
        System.err.println("usage: InfraMain kafka <server.properties>");
        System.err.println("       InfraMain mongo --port N [--h2 /path/file.mv] [--oplog]");
        System.err.println("       InfraMain sinks <dir> <smtp-port> <mail-http-port> <providers-port>");
        System.exit(2);
    }
}
