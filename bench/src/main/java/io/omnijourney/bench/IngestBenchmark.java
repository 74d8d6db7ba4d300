package io.omnijourney.bench;

import io.omnijourney.infra.KafkaBrokerProcess;
import io.omnijourney.infra.MongoServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingest throughput: concurrent clients posting {@code /v1/batch} requests of 100 events of about 300 bytes to the
 * packaged ingest-service, against the raw producer baseline ({@code ProducerPerformance}, same record size, same
 * producer settings, same broker), measured in the same run. Prints both rates and their ratio.
 *
 * <p>Both sides are measured warm: the raw rate is taken from ProducerPerformance's periodic windows after its first
 * (its JIT warm-up and connection set-up), and ingest is counted after a warm-up. On two shared cores the service's C2
 * compiler was still busy 25 s into a 15 s-warm-up run (JFR), so the warm-up is 30 s.
 *
 * <p>A second baseline follows: a bare producer replaying the records ingest wrote ({@link SameRecordsProducer}),
 * which separates what the service adds from what the larger records cost Kafka.
 *
 * <p>Arguments (all optional): {@code clients=16 seconds=30 warmup=30 rawRecords=15000000}.
 */
public final class IngestBenchmark {

    private static final int EVENTS_PER_BATCH = 100;
    private static final int PARTITIONS = 6;
    private static final int SAME_RECORDS_WARMUP_SECONDS = 10;
    private static final String WRITE_KEY = "wk_bench_" + UUID.randomUUID();

    public static void main(String[] args) throws Exception {
        int clients = intArg(args, "clients", 16);
        int seconds = intArg(args, "seconds", 30);
        int warmup = intArg(args, "warmup", 30);
        int rawRecords = intArg(args, "rawRecords", 15_000_000);
        Path repo = Path.of(System.getProperty("omnijourney.repo", "..")).toAbsolutePath().normalize();
        Path app = repo.resolve("ingest-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(app)) {
            throw new IllegalStateException("package ingest-service first (bench/run ingest does): " + app);
        }
        Path work = Files.createTempDirectory("omnijourney-bench-ingest");
        System.out.printf(Locale.ROOT, "work dir %s, %d cores%n", work, Runtime.getRuntime().availableProcessors());

        try {
            try (KafkaBrokerProcess broker = KafkaBrokerProcess.builder().dataDir(work.resolve("kafka")).build().start();
                 MongoServerProcess mongo = MongoServerProcess.builder().workDir(work.resolve("mongo")).build().start()) {
                double raw = rawBaseline(broker, work, rawRecords);
                double ingest;
                int port = freePort();
                Process service = startIngest(app, broker, mongo, port, work);
                try {
                    awaitReady(port);
                    ingest = ingestRate(port, clients, seconds, warmup);
                    printServerMetrics(port);
                } finally {
                    service.destroy();
                    service.waitFor();
                }
                createTopic(broker, "bench-raw-touchpoints", work);
                double sameRecords = SameRecordsProducer.rate(broker.bootstrapServers(), "touchpoints",
                        "bench-raw-touchpoints", SAME_RECORDS_WARMUP_SECONDS, seconds);
                System.out.println();
                System.out.printf(Locale.ROOT,
                        "raw producer (ProducerPerformance, 300 B, acks=all, warm windows): %,.0f events/s%n", raw);
                System.out.printf(Locale.ROOT, "ingest /v1/batch (%d clients x %d events/request): %,.0f events/s%n",
                        clients, EVENTS_PER_BATCH, ingest);
                System.out.printf(Locale.ROOT, "ratio ingest/raw: %.2f (target >= 0.50)%n", ingest / raw);
                System.out.printf(Locale.ROOT,
                        "raw producer of ingest's own records (same keys, values, headers; warm): %,.0f events/s%n",
                        sameRecords);
                System.out.printf(Locale.ROOT, "ratio ingest/same-records raw: %.2f%n", ingest / sameRecords);
            }
        } finally {
            deleteWorkDir(work);
        }
    }

    private static double rawBaseline(KafkaBrokerProcess broker, Path work, int records) throws IOException {
        createTopic(broker, "bench-raw", work);
        Path log = work.resolve("producer-performance.log");
        KafkaTools.run("org.apache.kafka.tools.ProducerPerformance", List.of(
                "--topic", "bench-raw", "--num-records", String.valueOf(records), "--record-size", "300",
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + broker.bootstrapServers(),
                "acks=all", "enable.idempotence=true", "linger.ms=5", "batch.size=131072"), log,
                Duration.ofMinutes(10));
        return steadyRate(Files.readString(log), log);
    }

    /**
     * The rate over ProducerPerformance's periodic windows after the first one (JIT and connection warm-up); its final
     * summary line averages over the whole run, warm-up included, so it is used only when there are too few windows.
     */
    static double steadyRate(String output, Path log) {
        Matcher m = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec[^\\n]*").matcher(output);
        List<double[]> windows = new ArrayList<>();
        double summary = -1;
        while (m.find()) {
            double records = Double.parseDouble(m.group(1));
            double rate = Double.parseDouble(m.group(2));
            if (m.group().contains("50th")) {
                summary = rate;
            } else {
                windows.add(new double[] {records, records / rate});
            }
        }
        if (windows.size() >= 3) {
            double records = 0;
            double seconds = 0;
            for (double[] window : windows.subList(1, windows.size())) {
                records += window[0];
                seconds += window[1];
            }
            return records / seconds;
        }
        if (summary < 0) {
            throw new IllegalStateException("no result in " + log);
        }
        System.out.println("warning: the raw run was too short for steady-state windows; its whole-run average is used");
        return summary;
    }

    private static void createTopic(KafkaBrokerProcess broker, String topic, Path work) {
        KafkaTools.createTopic(broker.bootstrapServers(), topic, PARTITIONS, work.resolve("topics.log"));
    }

    private static Process startIngest(Path app, KafkaBrokerProcess broker, MongoServerProcess mongo, int port,
            Path work) throws IOException {
        createTopic(broker, "touchpoints", work);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseParallelGC"));
        String extra = System.getProperty("omnijourney.bench.ingest-jvm-args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of(
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dquarkus.mongodb.connection-string=" + mongo.connectionString(),
                "-Domnijourney.ingest.seed-sources.bench.name=bench",
                "-Domnijourney.ingest.seed-sources.bench.channel=web",
                "-Domnijourney.ingest.seed-sources.bench.write-key=" + WRITE_KEY,
                "-Domnijourney.ingest.rate-limit.events-per-second=100000000",
                "-Domnijourney.ingest.kafka.partitions=" + PARTITIONS,
                "-jar", app.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("ingest-service.log").toFile()).start();
    }

    private static void awaitReady(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the service is still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("ingest-service did not become ready");
    }

    private static double ingestRate(int port, int clients, int seconds, int warmup) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            // Requests are built before the clock starts, so the load generator spends its CPU on sending them.
            byte[][] requests = new byte[64][];
            for (int b = 0; b < requests.length; b++) {
                requests[b] = RawHttpClient.post("127.0.0.1", port, "/v1/batch", auth, batchBody(c, b));
            }
            futures.add(pool.submit(() -> {
                try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
                    long sequence = 0;
                    while (System.nanoTime() < end) {
                        int status = http.send(requests[(int) (sequence++ % requests.length)]);
                        long now = System.nanoTime();
                        if (status != 200) {
                            failed.incrementAndGet();
                        } else if (now > warmupEnd && now < end) {
                            accepted.addAndGet(EVENTS_PER_BATCH);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        if (failed.get() > 0) {
            System.out.printf("warning: %d requests failed%n", failed.get());
        }
        return accepted.get() / (double) seconds;
    }

    /** Where the time went, as the service measured it: broker acknowledgement and whole-request latency. */
    private static void printServerMetrics(int port) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        double requestSum = 0;
        double requestCount = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("omnijourney_ingest_publish_latency_seconds{")) {
                System.out.println("server: " + line);
            } else if (line.startsWith("http_server_requests_seconds_sum{") && line.contains("/v1/batch")) {
                requestSum += sampleValue(line);
            } else if (line.startsWith("http_server_requests_seconds_count{") && line.contains("/v1/batch")) {
                requestCount += sampleValue(line);
            }
        }
        if (requestCount > 0) {
            System.out.printf(Locale.ROOT, "server: mean /v1/batch request time %.1f ms over %.0f requests%n",
                    requestSum / requestCount * 1000, requestCount);
        }
    }

    /** The value of a Prometheus sample line: the first token after the labels (an exemplar may follow it). */
    private static double sampleValue(String line) {
        return Double.parseDouble(line.substring(line.indexOf("} ") + 2).trim().split("\\s+")[0]);
    }

    /** 100 track events of about 300 bytes each, as a web SDK would send them. */
    static byte[] batchBody(int client, long sequence) {
        StringBuilder sb = new StringBuilder(EVENTS_PER_BATCH * 320).append("{\"batch\":[");
        for (int i = 0; i < EVENTS_PER_BATCH; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"user-").append(client)
                    .append('-').append(i % 50)
                    .append("\",\"messageId\":\"").append(client).append('-').append(sequence).append('-').append(i)
                    .append("\",\"timestamp\":\"2026-11-24T10:00:00.000Z\",\"properties\":{\"product_id\":\"sku-")
                    .append(i).append("\",\"name\":\"Trail Running Shoe\",\"price\":89.9,\"currency\":\"EUR\"},")
                    .append("\"context\":{\"ip\":\"203.0.113.7\",\"locale\":\"pt-PT\",\"library\":{\"name\":")
                    .append("\"analytics.js\",\"version\":\"2.11.1\"}}}");
        }
        return sb.append("],\"sentAt\":\"2026-11-24T10:00:01.000Z\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The broker's log holds gigabytes after a run; kept only with -Domnijourney.bench.keep-work=true. */
    private static void deleteWorkDir(Path work) throws IOException {
        if (Boolean.getBoolean("omnijourney.bench.keep-work")) {
            System.out.println("work dir kept: " + work);
            return;
        }
        try (var paths = Files.walk(work)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        return ServiceRunner.intArg(args, name, fallback);
    }

    private static int freePort() throws IOException {
        return ServiceRunner.freePort();
    }
}
