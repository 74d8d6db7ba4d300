package io.omnijourney.e2e;

import static io.omnijourney.e2e.support.BenchRuns.intArg;
import static io.omnijourney.e2e.support.BenchRuns.loadAverage;
import static io.omnijourney.e2e.support.BenchRuns.stringArg;

import io.omnijourney.e2e.support.BenchRuns;
import io.omnijourney.e2e.support.Http;
import io.omnijourney.e2e.support.KeepAlivePoster;
import io.omnijourney.e2e.support.Marketer;
import io.omnijourney.e2e.support.ProcessCpu;
import io.omnijourney.e2e.support.ServiceProcess;
import io.omnijourney.e2e.support.Stack;
import io.omnijourney.e2e.support.StageProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * End-to-end latency of the wishlist journey (a program, run by {@code bench/run latency}, not a test):
 * from the moment ingest-service's HTTP response to a {@code Product Added to Wishlist} arrives to the moment the
 * SMTP sink receives the offers email for it, with the whole system running as in production (four packaged
 * services, a real broker, the wire-protocol MongoDB server, the SMTP sink) on this machine.
 *
 * <p>Each event is for a customer of its own, identified beforehand (email and marketing consent), so the email is
 * correlated by its unique recipient address. Events are posted at a steady rate (up to 512 in flight, on 64
 * keep-alive connections); the sink keeps each mail as a file whose time is when the SMTP server received it. Emails that have not
 * arrived when the drain window ends count as slower than everything that arrived (percentiles say so).
 *
 * <p>Arguments (all optional): {@code warmup=60} seconds at each of {@code warmupRate=50,100,150} events/s first
 * (not measured; 0 skips it), {@code seconds=120} per rate, {@code rates=200,1000} (or {@code rates=200:180,1000:30}
 * for a duration per rate), {@code drain=120} (seconds to wait for outstanding emails after each rate's posting
 * ends).
 */
public final class LatencyBench {

    private static final Pattern TO = Pattern.compile("(?im)^To:\\s*<?([^>\\s]+@bench\\.example)>?");

    private final Stack stack;
    private final Path mailDir;
    private final HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(4))
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization = "Basic " + Base64.getEncoder().encodeToString(
            (Stack.WRITE_KEYS.get("web") + ":").getBytes(StandardCharsets.UTF_8));
    private int mailFilesSeen;

    private LatencyBench(Stack stack) {
        this.stack = stack;
        this.mailDir = stack.dir().resolve("sinks/mail");
    }

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "seconds", 120);
        int drain = intArg(args, "drain", 120);
        int warmup = intArg(args, "warmup", 60);
        int[] warmupRates = Arrays.stream(stringArg(args, "warmupRate", "50,100,150").split(","))
                .mapToInt(Integer::parseInt).toArray();
        // "200,1000" (each for `seconds`) or "200:180,1000:30" (a duration per rate).
        String[] rates = stringArg(args, "rates", "200,1000").split(",");
        Path dir = BenchRuns.resultsDir("latency-bench");
        // 200 events/s for 3 minutes (after the warm-up) left a live set of 1.7 GB on the MongoDB server.
        BenchRuns.largeServerDefaults("4g");
        System.out.printf("starting the system in %s (logs in %s)%n", dir, dir.resolve("logs"));
        try (Stack stack = Stack.start(dir, Map.of())) {
            LatencyBench bench = new LatencyBench(stack);
            bench.setUpJourney();
            List<String> rows = new ArrayList<>();
            // The JVMs start cold: in a two-minute run their JIT compilers alone took about a minute of CPU each
            // (jdk.Compilation events), on the cores the system needs, and a cold system offered 100/s at once built a
            // backlog of tens of seconds. A ramp (50, 100, 150/s by default) warms it up; then measure it as it runs.
            for (int warmupRate : warmup > 0 ? warmupRates : new int[0]) {
                System.out.printf("%n== warm-up: %d s at %d events/s (not measured)%n", warmup, warmupRate);
                String row = bench.run(warmupRate, warmup, drain);
                System.out.println("warm-up row: " + row);
            }
            for (String rate : rates) {
                String[] rateAndSeconds = rate.split(":");
                rows.add(bench.run(Integer.parseInt(rateAndSeconds[0]),
                        rateAndSeconds.length > 1 ? Integer.parseInt(rateAndSeconds[1]) : seconds, drain));
            }
            System.out.println();
            System.out.println("| target events/s | seconds | events | emails arrived | p50 ms | p95 ms | p99 ms | max ms "
                    + "| sustained in events/s | emails out/s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
        }
        System.exit(0);
    }

    private void setUpJourney() {
        Marketer marketer = new Marketer(stack);
        marketer.emailTemplate("bench-wishlist-offers", "{profile.firstName}, {event.properties.name} is waiting for you",
                "Hi {profile.firstName}, {event.properties.name} from your wishlist is 10% off this week.");
        marketer.publishJourney("""
                {"name": "Bench wishlist offers", "trigger": {"events": ["Product Added to Wishlist"]},
                 "entry": {"reentry": "always"}, "goal": {"event": "Order Completed", "within": "P7D"},
                 "steps": [{"id": "offers-email", "type": "send", "channel": "email",
                            "templateId": "bench-wishlist-offers", "category": "marketing"}]}""");
    }

    private String run(int rate, int seconds, int drainSeconds) throws Exception {
        int n = rate * seconds;
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> emails = new ArrayList<>(n);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String email = "r" + rate + "-" + run + "-" + i + "@bench.example";
            emails.add(email);
            index.put(email, i);
        }
        System.out.printf("%n== %d events/s for %d s: identifying %d customers first (load average %s)%n", rate,
                seconds, n, loadAverage());
        identify(emails, run);
        Map<String, String> metricsBefore = metricsSnapshot();
        Map<String, Double> cpuBefore = ProcessCpu.snapshot();
        StageProbe probe = new StageProbe(stack.kafkaBootstrap(), "Product Added to Wishlist");

        long[] responseMicros = new long[n];
        long[] receivedMicros = new long[n];
        AtomicInteger failed = new AtomicInteger();
        Semaphore inFlight = new Semaphore(512);
        // Keep-alive connections on blocking threads: the JDK client cost a quarter of a core at 200 requests/s.
        KeepAlivePoster poster = new KeepAlivePoster(stack.ingest.url(), authorization, 64);
        long start = System.nanoTime();
        long behind = 0;
        for (int i = 0; i < n; i++) {
            long due = start + (long) i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            } else {
                behind = Math.max(behind, -wait);
            }
            inFlight.acquire();
            int k = i;
            String body = Http.json(Map.of("userId", "u-" + emails.get(i), "event", "Product Added to Wishlist",
                    "properties", Map.of("product_id", "sku-" + i, "name", "Trail Shoe " + run + "-" + i)));
            poster.post("/v1/track", body, status -> {
                responseMicros[k] = nowMicros();
                if (status != 200) {
                    failed.incrementAndGet();
                    responseMicros[k] = -1;
                }
                inFlight.release();
            });
        }
        inFlight.acquire(512);
        inFlight.release(512);
        poster.close();
        double postSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("posted %d events in %.1f s (%.0f/s; at most %d ms behind schedule; %d failed)%n", n,
                postSeconds, n / postSeconds, behind / 1_000_000, failed.get());

        int arrived = 0;
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        long firstReceived = Long.MAX_VALUE;
        long lastReceived = 0;
        while (true) {
            for (Mail mail : newMail()) {
                Integer i = index.get(mail.to);
                if (i != null && receivedMicros[i] == 0) {
                    receivedMicros[i] = mail.receivedMicros;
                    arrived++;
                    firstReceived = Math.min(firstReceived, mail.receivedMicros);
                    lastReceived = Math.max(lastReceived, mail.receivedMicros);
                }
            }
            if (arrived == n || System.nanoTime() > drainEnd) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        Map<String, Double> cpuAfter = ProcessCpu.snapshot();
        Map<String, String> metricsAfter = metricsSnapshot();
        probe.close();
        printStages(emails, responseMicros, receivedMicros, probe);

        long[] latencies = new long[n];
        for (int i = 0; i < n; i++) {
            latencies[i] = receivedMicros[i] == 0 || responseMicros[i] <= 0 ? Long.MAX_VALUE
                    : receivedMicros[i] - responseMicros[i];
        }
        long firstResponse = Arrays.stream(responseMicros).filter(t -> t > 0).min().orElse(0);
        printSlowSeconds(responseMicros, latencies, firstResponse);
        Arrays.sort(latencies);
        double outPerSecond = arrived < 2 ? 0 : (arrived - 1) / ((lastReceived - firstReceived) / 1e6);
        double inPerSecond = n / postSeconds;
        System.out.printf("load average at the end: %s%n", loadAverage());
        System.out.printf("emails arrived: %d of %d (%.1f%%); first %.1f s after the first response, last %.1f s%n",
                arrived, n, 100.0 * arrived / n, (firstReceived - firstResponse) / 1e6,
                (lastReceived - firstResponse) / 1e6);
        System.out.printf("latency ms: p50 %s, p95 %s, p99 %s, max %s; emails out %.1f/s%n", pct(latencies, 50),
                pct(latencies, 95), pct(latencies, 99), pct(latencies, 100), outPerSecond);
        printStageMetrics(metricsBefore, metricsAfter);
        printRetries();
        if (!cpuAfter.isEmpty()) {
            // CPU per event is what a busy machine changes least: compare codes by it when latency is noise.
            System.out.printf("CPU ms per event, from the first post to the last email: %s%n",
                    ProcessCpu.perEvent(cpuBefore, cpuAfter, n));
        }
        return String.format(Locale.ROOT, "| %d | %d | %d | %d (%.1f%%) | %s | %s | %s | %s | %.0f | %.1f |", rate, seconds,
                n, arrived, 100.0 * arrived / n, pct(latencies, 50), pct(latencies, 95), pct(latencies, 99),
                pct(latencies, 100), inPerSecond, outPerSecond);
    }

    /**
     * When the slow emails were posted: per second of the run (by response time), the worst latency, for the seconds
     * whose worst exceeds 500 ms. Stalls of the whole system show as runs of slow seconds; queueing as a ramp.
     */
    private static void printSlowSeconds(long[] responseMicros, long[] latencies, long firstResponse) {
        Map<Long, long[]> perSecond = new java.util.TreeMap<>();
        for (int i = 0; i < latencies.length; i++) {
            if (responseMicros[i] <= 0) {
                continue;
            }
            long second = (responseMicros[i] - firstResponse) / 1_000_000;
            long[] worstAndCount = perSecond.computeIfAbsent(second, s -> new long[2]);
            worstAndCount[0] = Math.max(worstAndCount[0], latencies[i]);
            if (latencies[i] > 500_000) {
                worstAndCount[1]++;
            }
        }
        StringBuilder slow = new StringBuilder();
        perSecond.forEach((second, w) -> {
            if (w[0] > 500_000) {
                slow.append(String.format(Locale.ROOT, " %ds:%s(%d)", second,
                        w[0] == Long.MAX_VALUE ? "lost" : (w[0] / 1000) + "ms", w[1]));
            }
        });
        System.out.printf("seconds with an email over 500 ms (second of the run: worst (how many over 500 ms)):%s%n",
                slow.length() == 0 ? " none" : slow);
    }

    /** Identify calls in batches of 500 (email, first name, marketing consent), then waits until profiles exist. */
    private void identify(List<String> emails, String run) throws Exception {
        for (int from = 0; from < emails.size(); from += 500) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (String email : emails.subList(from, Math.min(emails.size(), from + 500))) {
                batch.add(Map.of("type", "identify", "userId", "u-" + email, "traits",
                        Map.of("email", email, "firstName", "Ana", "emailOptIn", true)));
            }
            String body = Http.json(Map.of("batch", batch));
            HttpResponse<String> r = http.send(post("/v1/batch", body), HttpResponse.BodyHandlers.ofString());
            // The source's rate limit (ingest answers 429 with Retry-After): wait as told, as a tracking client does.
            for (int tries = 0; r.statusCode() == 429 && tries < 60; tries++) {
                long seconds = r.headers().firstValueAsLong("Retry-After").orElse(1);
                TimeUnit.SECONDS.sleep(Math.max(1, seconds));
                r = http.send(post("/v1/batch", body), HttpResponse.BodyHandlers.ofString());
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("identify batch refused: " + r.statusCode() + " " + r.body());
            }
        }
        // Partitions are applied in order: once a sample spread over all of them is there, the rest is too.
        long start = System.nanoTime();
        for (int i = emails.size() - 1; i >= 0; i -= Math.max(1, emails.size() / 97)) {
            String identifier = URLEncoder.encode("email:" + emails.get(i), StandardCharsets.UTF_8);
            while (Http.get(stack.profile.url() + "/profiles/lookup?identifier=" + identifier, Stack.ANALYST_KEY)
                    .status() != 200) {
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
                    throw new IllegalStateException("customers not identified within 10 minutes");
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        System.out.printf("identified in %.1f s", (System.nanoTime() - start) / 1e9);
        // Each identify also flows on to journey-service and notification-service (profile events): measure the
        // steady rate on a quiet system, not the tail of the identify burst.
        long quiet = System.nanoTime();
        String checked = awaitNoLag(Duration.ofMinutes(5));
        System.out.printf("; every consumer group caught up %.1f s later (%s)%n", (System.nanoTime() - quiet) / 1e9,
                checked);
    }

    /**
     * Waits until every consumer group has committed up to the end of every partition it consumes; returns what was
     * checked (groups, partitions, the largest lag seen).
     */
    private String awaitNoLag(Duration timeout) throws Exception {
        long maxLag = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            while (true) {
                Map<String, BenchRuns.GroupLag> lags = BenchRuns.lagByGroup(admin);
                int groups = lags.size();
                int partitions = lags.values().stream().mapToInt(BenchRuns.GroupLag::partitions).sum();
                long lag = lags.values().stream().mapToLong(BenchRuns.GroupLag::records).sum();
                maxLag = Math.max(maxLag, lag);
                if (lag == 0) {
                    return groups + " groups, " + partitions + " partitions, at most " + maxLag + " records behind";
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumers still " + lag + " records behind after " + timeout);
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(stack.ingest.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private record Mail(String to, long receivedMicros) {
    }

    /**
     * Mail files the sink saved since the last call, in order (numbered files). A file is read only when the next
     * one exists or it is older than a second, so its time has been set to the SMTP receive instant.
     */
    private List<Mail> newMail() throws IOException {
        List<Mail> mails = new ArrayList<>();
        while (true) {
            Path file = mailDir.resolve(String.format("%06d.eml", mailFilesSeen + 1));
            Path next = mailDir.resolve(String.format("%06d.eml", mailFilesSeen + 2));
            if (!Files.exists(file)) {
                return mails;
            }
            long modified = Files.getLastModifiedTime(file).toInstant().toEpochMilli();
            if (!Files.exists(next) && System.currentTimeMillis() - modified < 1000) {
                return mails;
            }
            Instant received = Files.getLastModifiedTime(file).toInstant();
            mailFilesSeen++;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                StringBuilder headers = new StringBuilder();
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    headers.append(line).append('\n');
                }
                Matcher m = TO.matcher(headers);
                if (m.find()) {
                    mails.add(new Mail(m.group(1), received.getEpochSecond() * 1_000_000 + received.getNano() / 1000));
                }
            }
        }
    }

    /**
     * Where the time goes, per event that arrived: ingest response -> profile-service's touchpoint on profile-events
     * (the touchpoints hop and profile-service), -> journey-service's request on notification-requests, -> SMTP
     * receive (queueing in notification-requests and the send). Record timestamps are the producers' clocks, on this
     * machine the same clock as ours.
     */
    private static void printStages(List<String> emails, long[] responseMicros, long[] receivedMicros,
                                    StageProbe probe) {
        List<Long> profile = new ArrayList<>();
        List<Long> journey = new ArrayList<>();
        List<Long> notification = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            Long profileAt = probe.profileEventMillis(emails.get(i));
            Long requestAt = probe.requestMillis(emails.get(i));
            if (receivedMicros[i] == 0 || responseMicros[i] <= 0 || profileAt == null || requestAt == null) {
                continue;
            }
            profile.add(profileAt * 1000 - responseMicros[i]);
            journey.add((requestAt - profileAt) * 1000);
            notification.add(receivedMicros[i] - requestAt * 1000);
        }
        System.out.printf("stages over %d events (ms, p50 / p99): response -> profile-events %s; -> "
                + "notification-requests (journey-service) %s; -> SMTP received (notification-service, queue + send) %s%n",
                profile.size(), p50p99(profile), p50p99(journey), p50p99(notification));
    }

    private static String p50p99(List<Long> micros) {
        if (micros.isEmpty()) {
            return "n/a";
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        return pct(sorted, 50) + " / " + pct(sorted, 99);
    }

    /** profile-service's touchpoints consumer: records consumed and committed. */
    private static final String PROFILE_APPLIED = "omnijourney_consumer_records_total{channel=\"touchpoints\"";

    private static final List<String> STAGE_METRICS = List.of(
            "omnijourney_ingest_publish_latency_seconds_count", "omnijourney_ingest_publish_latency_seconds_sum",
            PROFILE_APPLIED,
            "omnijourney_notification_handling_seconds_count", "omnijourney_notification_handling_seconds_sum",
            "omnijourney_notification_handling_seconds_max");

    /** Sums of a few counters and timers of every service (all label sets added up). */
    private Map<String, String> metricsSnapshot() {
        Map<String, String> values = new LinkedHashMap<>();
        for (ServiceProcess service : stack.services()) {
            try {
                for (String line : service.metrics().split("\n")) {
                    for (String name : STAGE_METRICS) {
                        if (line.startsWith(name + " ") || line.startsWith(name + "{")
                                || (name.contains("{") && line.startsWith(name))) {
                            double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                            double sum = values.containsKey(name) ? Double.parseDouble(values.get(name)) : 0;
                            values.put(name, String.valueOf(name.endsWith("_max") ? Math.max(sum, v) : sum + v));
                        }
                    }
                }
            } catch (Exception e) {
                values.put(service.module() + "_unreachable", e.toString());
            }
        }
        return values;
    }

    private static void printStageMetrics(Map<String, String> before, Map<String, String> after) {
        double publishCount = delta(before, after, "omnijourney_ingest_publish_latency_seconds_count");
        double publishSum = delta(before, after, "omnijourney_ingest_publish_latency_seconds_sum");
        double sendCount = delta(before, after, "omnijourney_notification_handling_seconds_count");
        double sendSum = delta(before, after, "omnijourney_notification_handling_seconds_sum");
        System.out.printf("stages: ingest publish %.1f ms mean over %.0f requests; profile-service applied %.0f "
                        + "touchpoints; notification handling %.1f ms mean per request over %.0f (%.1f s of sending "
                        + "in total, one consumer thread)%n",
                publishCount == 0 ? 0 : 1000 * publishSum / publishCount, publishCount,
                delta(before, after, PROFILE_APPLIED),
                sendCount == 0 ? 0 : 1000 * sendSum / sendCount, sendCount, sendSum);
    }

    /** Every consumer's units tried again since the start, by cause, where there were any. */
    private void printRetries() {
        StringBuilder out = new StringBuilder();
        for (ServiceProcess service : stack.services()) {
            try {
                for (String line : service.metrics().split("\n")) {
                    if (line.startsWith("omnijourney_consumer_retries_total{") && !line.endsWith(" 0.0")) {
                        out.append(out.isEmpty() ? "" : "; ").append(service.module()).append(' ')
                                .append(line.substring("omnijourney_consumer_retries_total".length()));
                    }
                }
            } catch (Exception e) {
                out.append(out.isEmpty() ? "" : "; ").append(service.module()).append(" unreachable");
            }
        }
        System.out.printf("consumer retries since the start: %s%n", out.isEmpty() ? "none" : out);
    }

    private static double delta(Map<String, String> before, Map<String, String> after, String name) {
        return Double.parseDouble(after.getOrDefault(name, "0")) - Double.parseDouble(before.getOrDefault(name, "0"));
    }

    /** The p-th percentile in ms; "> drain" when it falls among emails that never arrived. */
    private static String pct(long[] sorted, int p) {
        int i = Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1));
        return sorted[i] == Long.MAX_VALUE ? "not arrived" : String.valueOf(sorted[i] / 1000);
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
