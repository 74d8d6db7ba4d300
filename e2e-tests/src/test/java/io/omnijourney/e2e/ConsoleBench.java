package io.omnijourney.e2e;

import static io.omnijourney.e2e.support.BenchRuns.intArg;
import static io.omnijourney.e2e.support.BenchRuns.loadAverage;

import io.omnijourney.e2e.support.BenchRuns;
import io.omnijourney.e2e.support.Http;
import io.omnijourney.e2e.support.Marketer;
import io.omnijourney.e2e.support.Stack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Server-side render time of every console page over a large data set (a program, run by {@code bench/run console},
 * not a test): the whole system from packaged services with the console in front (e2e-tests' {@link Stack}),
 * seeded with {@code journeys} published journeys (journey-service's REST API), a few templates and segments, and
 * {@code profiles} profiles with {@code entries} timeline entries in total, one of them "heavy" with {@code heavy}
 * entries.
 *
 * <p>The timeline is loaded as ingest would publish it: canonical touchpoint records (CloudEvents binary mode,
 * {@code ce_*} headers, key = the identity key, JSON value as {@code TouchpointCodec} writes it) straight onto the
 * {@code touchpoints} topic; profile-service consumes them. Timing starts once every consumer group has caught up.
 *
 * <p>Each page is then requested by a signed-in admin (one session cookie), {@code warmup} times unmeasured and
 * {@code requests} times measured, one after another, over loopback: the client's time is the server's time plus a
 * loopback round trip, and it includes the service calls the console makes. Any answer other than 200 fails the run.
 * The REST calls each page makes are also timed alone, straight on the services (sum of one sequence, median of 5).
 *
 * <p>Arguments (all optional): {@code profiles=100000 entries=1000000 journeys=1000 requests=50 warmup=20
 * heavy=10000 loadMinutes=60} (the longest wait for the consumers to catch up; after it the pages are measured on
 * what was loaded, with a warning).
 */
public final class ConsoleBench {

    private static final String TOPIC = "touchpoints";
    private static final List<String[]> SOURCES = List.of(new String[] {"web", "web"},
            new String[] {"mobile", "mobile"}, new String[] {"store", "store"},
            new String[] {"call_center", "call-center"});

    private final Stack stack;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String cookie;

    private ConsoleBench(Stack stack) {
        this.stack = stack;
    }

    public static void main(String[] args) throws Exception {
        int profiles = intArg(args, "profiles", 100_000);
        int entries = intArg(args, "entries", 1_000_000);
        int journeys = intArg(args, "journeys", 1_000);
        int requests = intArg(args, "requests", 50);
        int warmup = intArg(args, "warmup", 20);
        int heavy = Math.min(intArg(args, "heavy", 10_000), entries / 2);
        int loadMinutes = intArg(args, "loadMinutes", 60);
        Path dir = BenchRuns.resultsDir("console-bench");
        // A million timeline entries and 100,000 profiles live on the in-memory server's heap.
        BenchRuns.largeServerDefaults("6g");
        System.out.printf("console bench: %,d profiles, %,d timeline entries (one profile with %,d), %,d journeys, "
                + "%d requests per page after %d warm-up; load average %s%n", profiles, entries, heavy, journeys,
                requests, warmup, loadAverage());
        System.out.printf("starting the system with the console in %s (logs in %s)%n", dir, dir.resolve("logs"));
        long began = System.nanoTime();
        try (Stack stack = Stack.startWithConsole(dir, Map.of())) {
            System.out.printf("started in %.1f s%n", (System.nanoTime() - began) / 1e9);
            ConsoleBench bench = new ConsoleBench(stack);
            Seeded seeded = bench.seed(profiles, entries, journeys, heavy, loadMinutes);
            bench.measure(seeded, requests, warmup);
        } catch (Throwable e) {
            // The stack is closed by now; leave no seeding thread behind.
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private record Seeded(String journeyId, String templateId, String segmentId, String heavyProfile,
                          String profile, String email) {
    }

    private Seeded seed(int profiles, int entries, int journeys, int heavy, int loadMinutes) throws Exception {
        long t0 = System.nanoTime();
        Marketer marketer = new Marketer(stack);
        for (int i = 1; i <= 5; i++) {
            marketer.emailTemplate("bench-offer-" + i, "{profile.firstName}, offer " + i,
                    "Hi {profile.firstName}, offer " + i + " is waiting for you.");
            marketer.smsTemplate("bench-offer-" + i, "Offer " + i + " is waiting for you.");
        }
        List<String> segmentIds = new ArrayList<>();
        for (String[] segment : List.of(new String[] {"Gold plan", "has(profile.traits.plan) && profile.traits.plan == 'gold'"},
                new String[] {"Free plan", "has(profile.traits.plan) && profile.traits.plan == 'free'"},
                new String[] {"Everyone", "true"})) {
            Http.Answer answer = Http.post(stack.profile.url() + "/segments", Stack.MARKETER_KEY,
                    Map.of("name", segment[0], "condition", segment[1]));
            if (answer.status() != 200 && answer.status() != 201) {
                throw new IllegalStateException("segment refused: " + answer.status() + " " + answer.body());
            }
            segmentIds.add(answer.json().path("id").asText());
        }
        System.out.printf("templates and segments in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        // Journeys: the first starts on Signed Up (a few profiles sign up), the others on events nobody sends, so
        // the seeding does not turn into a million enrollments and emails.
        t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> ids = new ArrayList<>();
        for (int i = 0; i < journeys; i++) {
            int k = i;
            String trigger = k == 0 ? "Signed Up" : "Bench Trigger " + k;
            int template = 1 + k % 5;
            ids.add(pool.submit(() -> marketer.publishJourney(Http.json(Map.of(
                    "name", "Bench journey " + k, "trigger", Map.of("events", List.of(trigger)),
                    "entry", Map.of("reentry", "always"), "goal", Map.of("event", "Order Completed", "within", "P7D"),
                    "steps", List.of(
                            Map.of("id", "email", "type", "send", "channel", "email",
                                    "templateId", "bench-offer-" + template, "category", "marketing",
                                    "next", "pause"),
                            Map.of("id", "pause", "type", "wait", "duration", "P1D", "next", "sms"),
                            Map.of("id", "sms", "type", "send", "channel", "sms",
                                    "templateId", "bench-offer-" + template, "category", "marketing")))))));
        }
        List<String> journeyIds = new ArrayList<>();
        for (Future<String> id : ids) {
            journeyIds.add(id.get());
        }
        pool.shutdown();
        System.out.printf("%,d journeys created and published in %.1f s%n", journeys, (System.nanoTime() - t0) / 1e9);

        publishTimeline(profiles, entries, heavy);
        awaitNoLag(Duration.ofMinutes(loadMinutes));
        String heavyId = profileId("bench-0@bench.example");
        String email = "bench-" + (profiles / 2) + "@bench.example";
        return new Seeded(journeyIds.get(0), "bench-offer-1", segmentIds.get(0), heavyId, profileId(email), email);
    }

    private String profileId(String email) {
        String identifier = URLEncoder.encode("email:" + email, StandardCharsets.UTF_8);
        return Http.get(stack.profile.url() + "/profiles/lookup?identifier=" + identifier, Stack.ANALYST_KEY)
                .expect(200).json().path("id").asText();
    }

    /**
     * Profile 0 is the heavy one; the other entries are shared out evenly. Each profile's first touchpoint is an
     * identify with its email; the heavy profile's touchpoints are spread through the stream. Times run from 28 days
     * ago to now, in stream order.
     */
    private void publishTimeline(int profiles, int entries, int heavy) throws Exception {
        int others = profiles - 1;
        int rest = entries - heavy;
        int base = rest / others;
        int extra = rest % others;
        int rounds = base + (extra > 0 ? 1 : 0);
        int heavyEvery = Math.max(1, entries / heavy);
        Instant start = Instant.now().minus(Duration.ofDays(28)).truncatedTo(ChronoUnit.MILLIS);
        long stepMillis = Duration.ofDays(28).toMillis() / entries;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        Random random = new Random(42);
        long t0 = System.nanoTime();
        long sent = 0;
        int heavySent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int round = 0; round < rounds; round++) {
                for (int p = 1; p <= others; p++) {
                    int count = base + (p - 1 < extra ? 1 : 0);
                    if (round >= count) {
                        continue;
                    }
                    send(producer, p, round, sent, start.plusMillis(sent * stepMillis), random);
                    sent++;
                    if (heavySent < heavy && sent % heavyEvery == 0) {
                        send(producer, 0, heavySent++, sent, start.plusMillis(sent * stepMillis), random);
                        sent++;
                    }
                }
            }
            while (heavySent < heavy) {
                send(producer, 0, heavySent++, sent, start.plusMillis(Math.min(sent, entries - 1) * stepMillis),
                        random);
                sent++;
            }
            producer.flush();
        }
        System.out.printf("published %,d touchpoints to %s in %.1f s (%,d profiles; profile 0 has %,d)%n", sent, TOPIC,
                (System.nanoTime() - t0) / 1e9, profiles, heavySent);
    }

    private static final String[] PRODUCTS = {"Trail Shoe", "Rain Jacket", "Wool Socks", "Backpack", "Headlamp"};

    private void send(KafkaProducer<String, byte[]> producer, int person, int nth, long seq, Instant at,
                      Random random) throws IOException {
        String[] source = SOURCES.get(random.nextInt(SOURCES.size()));
        String userId = "bench-u-" + person;
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("messageId", "bench-" + seq);
        String type;
        String subject = null;
        if (nth == 0) {
            type = "identify";
            event.put("type", type);
            event.put("userId", userId);
            event.put("traits", Map.of("email", "bench-" + person + "@bench.example", "firstName", "Person" + person,
                    "plan", person % 3 == 0 ? "gold" : "free"));
        } else {
            int kind = random.nextInt(100);
            if (kind < 10) {
                type = "page";
                subject = kind < 5 ? "Home" : "Category";
                event.put("type", type);
                event.put("name", subject);
                event.put("userId", userId);
                event.put("properties", Map.of("path", "/" + subject.toLowerCase(Locale.ROOT)));
            } else {
                type = "track";
                String name;
                Map<String, Object> properties;
                String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
                if (kind < 55) {
                    name = "Product Viewed";
                    properties = Map.of("product_id", "sku-" + random.nextInt(5000), "name", product, "price",
                            5 + random.nextInt(100));
                } else if (kind < 70) {
                    name = "Product Added";
                    properties = Map.of("product_id", "sku-" + random.nextInt(5000), "name", product, "price",
                            5 + random.nextInt(100));
                } else if (kind < 80) {
                    name = "Checkout Started";
                    properties = Map.of("value", 10 + random.nextInt(300));
                } else if (kind < 88) {
                    name = "Order Completed";
                    properties = Map.of("order_id", "o-" + seq, "revenue", 10 + random.nextInt(300));
                } else if (kind < 94) {
                    name = "Survey Responded";
                    properties = Map.of("nps", random.nextInt(11), "csat", 1 + random.nextInt(5), "ces",
                            1 + random.nextInt(7));
                } else if (kind < 95) {
                    name = "Signed Up";
                    properties = Map.of("plan", "free");
                } else {
                    name = "Email Opened";
                    properties = Map.of("campaign", "winter");
                }
                subject = name;
                event.put("type", type);
                event.put("event", name);
                event.put("userId", userId);
                event.put("properties", properties);
            }
        }
        event.put("channel", source[0]);
        event.put("sourceId", source[1]);
        String time = at.toString();
        event.put("timestamp", time);
        event.put("receivedAt", time);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, userId, Http.JSON.writeValueAsBytes(event));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", "bench-" + seq);
        header(record, "ce_source", "/sources/" + source[1]);
        header(record, "ce_type", "io.omnijourney.touchpoint." + type);
        if (subject != null) {
            header(record, "ce_subject", subject);
        }
        header(record, "ce_time", time);
        header(record, "content-type", "application/json");
        producer.send(record);
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until every consumer group has committed up to the end of every partition, printing progress. */
    private void awaitNoLag(Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        long lastPrint = 0;
        long firstLag = -1;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            while (true) {
                Map<String, Long> lags = new LinkedHashMap<>();
                long total = 0;
                for (Map.Entry<String, BenchRuns.GroupLag> group : BenchRuns.lagByGroup(admin).entrySet()) {
                    lags.put(group.getKey(), group.getValue().records());
                    total += group.getValue().records();
                }
                if (firstLag < 0) {
                    firstLag = total;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (total == 0 && seconds > 5) {
                    System.out.printf("every consumer group caught up after %.1f s (%s)%n", seconds, lags.keySet());
                    return;
                }
                if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(15)) {
                    lastPrint = System.nanoTime();
                    System.out.printf("  %5.0f s: records behind %s; load average %s%n", seconds, lags,
                            loadAverage());
                }
                if (System.nanoTime() > deadline) {
                    // Numbers on what is there beat no numbers: said loudly, and the run goes on.
                    System.out.printf("WARNING: consumers still %s records behind after %s: measuring anyway, on "
                            + "part of the data%n", lags, timeout);
                    return;
                }
                TimeUnit.SECONDS.sleep(2);
            }
        }
    }

    /** A page and the REST calls it makes on the services (service base URL + path). */
    private record Page(String name, String path, List<String[]> upstream) {
    }

    private void measure(Seeded s, int requests, int warmup) throws Exception {
        signIn();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String p = stack.profile.url();
        String j = stack.journey.url();
        String n = stack.notification.url();
        String i = stack.ingest.url();
        String emailIdentifier = URLEncoder.encode("email:" + s.email(), StandardCharsets.UTF_8);
        List<Page> pages = List.of(
                new Page("/journeys", "/journeys", calls(j, "/journeys")),
                new Page("/journeys/{id}", "/journeys/" + s.journeyId(),
                        calls(j, "/journeys/" + s.journeyId(), j, "/journeys/" + s.journeyId() + "/stats")),
                new Page("/templates", "/templates", calls(n, "/templates")),
                new Page("/templates/{id}/email", "/templates/" + s.templateId() + "/email",
                        calls(n, "/templates/" + s.templateId() + "/email")),
                new Page("/segments", "/segments", calls(p, "/segments")),
                new Page("/segments/{id}", "/segments/" + s.segmentId(), calls(p, "/segments/" + s.segmentId(),
                        p, "/segments/" + s.segmentId() + "/members?limit=50")),
                new Page("/profiles?q=<email>", "/profiles?q=" + URLEncoder.encode(s.email(), StandardCharsets.UTF_8),
                        calls(p, "/profiles/lookup?identifier=" + emailIdentifier)),
                new Page("/profiles/{id} (10 entries)", "/profiles/" + s.profile(), calls(p, "/profiles/" + s.profile(),
                        p, "/profiles/" + s.profile() + "/timeline", j, "/profiles/" + s.profile() + "/journeys?all=true")),
                new Page("/profiles/{id} (heavy)", "/profiles/" + s.heavyProfile(), calls(p,
                        "/profiles/" + s.heavyProfile(), p, "/profiles/" + s.heavyProfile() + "/timeline", j,
                        "/profiles/" + s.heavyProfile() + "/journeys?all=true")),
                new Page("/dashboards", "/dashboards", calls(
                        p, "/metrics/series/survey-days?from=" + now.minus(Duration.ofDays(14)) + "&to=" + now,
                        p, "/metrics/series/surveys?from=" + now.minus(Duration.ofDays(84)) + "&to=" + now,
                        p, "/metrics/series/deliveries?from=" + now.minus(Duration.ofDays(14)) + "&to=" + now,
                        p, "/metrics/series/events?from=" + now.minus(Duration.ofHours(48)) + "&to=" + now,
                        j, "/journeys")),
                new Page("/sources", "/sources", calls(i, "/admin/sources")));

        System.out.printf("%nmeasuring %d pages (load average %s)%n", pages.size(), loadAverage());
        List<String> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Page page : pages) {
            int status = 0;
            int bytes = 0;
            for (int w = 0; w < warmup; w++) {
                HttpResponse<byte[]> r = get(page.path());
                status = r.statusCode();
                if (status != 200) {
                    break;
                }
            }
            long[] micros = new long[requests];
            for (int k = 0; k < requests && status == 200; k++) {
                long t = System.nanoTime();
                HttpResponse<byte[]> r = get(page.path());
                micros[k] = (System.nanoTime() - t) / 1000;
                status = r.statusCode();
                bytes = r.body().length;
            }
            if (status != 200) {
                failures.add(page.name() + " answered " + status);
                rows.add(String.format(Locale.ROOT, "| `%s` | - | - | - | - | %d | - |", page.name(), status));
                continue;
            }
            String upstream = upstream(page);
            Arrays.sort(micros);
            rows.add(String.format(Locale.ROOT, "| `%s` | %s | %s | %s | %,d | %d | %s |", page.name(),
                    ms(pct(micros, 50)), ms(pct(micros, 95)), ms(micros[micros.length - 1]), bytes, status, upstream));
            System.out.println(rows.get(rows.size() - 1));
        }
        System.out.printf("%nload average at the end: %s%n%n", loadAverage());
        System.out.println("| page | median ms | p95 ms | max ms | bytes | status | upstream calls alone, ms (median of 5) |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("pages did not answer 200: " + failures);
        }
    }

    private static List<String[]> calls(String... baseAndPath) {
        List<String[]> list = new ArrayList<>();
        for (int k = 0; k < baseAndPath.length; k += 2) {
            list.add(new String[] {baseAndPath[k], baseAndPath[k + 1]});
        }
        return list;
    }

    /** Each REST call of the page, straight on its service: the median of 5 of each, and their sum. */
    private String upstream(Page page) {
        StringBuilder each = new StringBuilder();
        double sum = 0;
        for (String[] call : page.upstream()) {
            long[] micros = new long[5];
            int status = 0;
            for (int k = 0; k < micros.length; k++) {
                long t = System.nanoTime();
                status = Http.get(call[0] + call[1], Stack.ADMIN_KEY).status();
                micros[k] = (System.nanoTime() - t) / 1000;
            }
            Arrays.sort(micros);
            sum += micros[2] / 1000.0;
            String path = call[1].replaceAll("\\?.*", "")
                    .replaceAll("/(profiles|journeys|segments)/(?!lookup)[^/]+", "/$1/{id}");
            each.append(each.isEmpty() ? "" : "; ").append(path).append(' ').append(ms(micros[2]))
                    .append(status == 200 ? "" : " (" + status + ")");
        }
        return String.format(Locale.ROOT, "%.1f: %s", sum, each);
    }

    private void signIn() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.console.url() + "/sign-in"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("apiKey=" + URLEncoder.encode(Stack.ADMIN_KEY,
                        StandardCharsets.UTF_8))).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 303) {
            throw new IllegalStateException("sign-in answered " + r.statusCode() + ": " + r.body());
        }
        cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("oj_console="))
                .map(c -> c.split(";", 2)[0]).findFirst()
                .orElseThrow(() -> new IllegalStateException("sign-in set no oj_console cookie: " + r.headers()));
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.console.url() + path))
                .timeout(Duration.ofSeconds(60)).header("Cookie", cookie).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static long pct(long[] sorted, int p) {
        int k = Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1));
        return sorted[k];
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
