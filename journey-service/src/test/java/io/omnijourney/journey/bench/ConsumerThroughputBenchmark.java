package io.omnijourney.journey.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.journey.app.OutboxFlusher;
import io.omnijourney.journey.app.OutboxMessage;
import io.omnijourney.journey.app.Pending;
import io.omnijourney.journey.app.ProfileEventIntake;
import io.omnijourney.journey.app.Publisher;
import io.omnijourney.journey.app.UnitOfWork;
import io.omnijourney.journey.app.TriggerIndex;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.journey.domain.RequestIds;
import io.omnijourney.journey.domain.StepMachine;
import io.omnijourney.kit.messaging.RecordPublisher;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.SharedInfra;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * profile-events per second through the service's intake ({@link ProfileEventIntake}: bulk reads, engine, commit,
 * outbox, publish, mark published), called per poll by a plain consumer loop that then commits (the Quarkus messaging
 * connector, which runs the intake in the service, needs the application and is not part of this program), to
 * {@code notification-requests}, against a real broker and the wire-protocol MongoDB server, with
 * {@code preexisting} instances of other profiles already stored (the per-event cost must not grow with them).
 *
 * <p>{@code people} profiles each send a trigger ({@code Product Added to Wishlist}: the shipped wishlist journey
 * starts and requests an email at once) and a follow-up ({@code Notification Sent}, which the profile's instances
 * still see for goals and exits): 2 x people records, all published before the consumer starts (a backlog).
 * Phase 2 then publishes at {@code rate} events/s for {@code paced-seconds} (not overloaded) and reports the time per
 * poll and the latency from produce to notification request.
 *
 * <p>The raw baseline, in the same run on the same records: a plain consumer that per poll does one unordered bulk
 * upsert of one document per record and produces one record per trigger (acks=all), then commits.
 *
 * <p>Run: {@code BENCH_MONGO_HEAP=3g journey-service/run-benchmarks.sh consumer [people=20000]
 * [preexisting=50000] [max-seconds=300] [rate=200] [paced-seconds=30] [timer-threads=0]}
 */
public final class ConsumerThroughputBenchmark {

    private static final String TRIGGER = "Product Added to Wishlist";
    private static final String FOLLOW_UP = "Notification Sent";
    private static final String JOURNEY = "wishlist-offers";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.args(args);
        int people = Integer.parseInt(options.getOrDefault("people", "20000"));
        int preexisting = Integer.parseInt(options.getOrDefault("preexisting", "50000"));
        int maxSeconds = Integer.parseInt(options.getOrDefault("max-seconds", "300"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
        int pacedSeconds = Integer.parseInt(options.getOrDefault("paced-seconds", "30"));
        // As in the service: timer scheduler threads polling every second and the outbox relay every 5 s, against
        // the same MongoDB as the consumer (0: the consumer alone).
        int timerThreads = Integer.parseInt(options.getOrDefault("timer-threads", "0"));

        PollTimes times = new PollTimes();
        BenchSupport engine = new BenchSupport("journey-bench-consumer", Clock.systemUTC(), times::started);
        String definition = Files.readString(Path.of("journey-service/src/main/resources/examples/wishlist-offers.json"));
        engine.publish(JOURNEY, definition, Instant.now());
        engine.index.refresh();
        preload(engine, preexisting);

        String bootstrap = SharedInfra.kafkaBootstrapServers();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.createTopics(Topics.PROFILE_EVENTS + ":6", Topics.PROFILE_EVENTS_DLQ + ":6",
                    Topics.NOTIFICATION_REQUESTS + ":6", Topics.TOUCHPOINTS + ":6", "raw-requests:6");
        }
        RequestCounter requests = new RequestCounter(bootstrap);
        KafkaProducer<String, byte[]> producer = producer(bootstrap);
        long produceStart = System.nanoTime();
        for (int i = 0; i < people; i++) {
            send(producer, "p-" + i, TRIGGER, "w-" + i);
            // The follow-up trails its trigger by 100 profiles: one poll mixes triggers and follow-ups.
            if (i >= 100) {
                send(producer, "p-" + (i - 100), FOLLOW_UP, "n-" + (i - 100));
            }
        }
        for (int i = Math.max(0, people - 100); i < people; i++) {
            send(producer, "p-" + i, FOLLOW_UP, "n-" + i);
        }
        producer.flush();
        int total = 2 * people;
        System.out.printf("%d profile-events published in %.1f s%n", total, (System.nanoTime() - produceStart) / 1e9);

        double raw = rawBaseline(bootstrap, engine, total);
        System.out.printf("RESULT raw baseline: %.0f records/s (bulk upsert per poll + one produce per trigger)%n",
                raw);

        BenchPublisher publisher = new BenchPublisher(bootstrap);
        TimedFlusher flusher = new TimedFlusher(publisher, engine, times);
        IntakeLoop consumer = new IntakeLoop(bootstrap, new ProfileEventIntake(engine.runtime, flusher,
                acks -> { }, java.time.Clock.systemUTC(), new SimpleMeterRegistry()));
        requests.start();
        BackgroundLoad background = timerThreads > 0 ? new BackgroundLoad(engine, publisher, timerThreads) : null;
        long start = System.nanoTime();
        consumer.start();
        long deadline = start + maxSeconds * 1_000_000_000L;
        double processed = 0;
        long lastReport = start;
        while (processed < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
            processed = consumer.processed();
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("  %.0f processed after %.0f s, %d requests%n", processed, (lastReport - start) / 1e9,
                        requests.distinct());
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double journeyRate = processed / elapsed;
        List<Long> backlogPolls = flusher.takeIntervals();
        List<Long> backlogHandling = times.take();
        System.out.printf("RESULT journey consumer, backlog: %.0f of %d profile-events in %.1f s: %.0f events/s "
                + "(%.3f of raw); %d polls; poll to poll p50 %.0f ms, p99 %.0f ms; handling per poll p50 %.0f ms, "
                + "p99 %.0f ms%s%n", processed, total, elapsed, journeyRate, journeyRate / raw, backlogPolls.size(),
                percentile(backlogPolls, 50), percentile(backlogPolls, 99), percentile(backlogHandling, 50),
                percentile(backlogHandling, 99), processed < total ? " (STOPPED at max-seconds)" : "");
        if (processed >= total) {
            requests.awaitAtLeast(people, Duration.ofSeconds(30));
            System.out.printf("RESULT notification requests: %d distinct (expected %d), published more than once: %d%n",
                    requests.distinct(), people, requests.duplicates());
            paced(producer, requests, consumer, times, people, total, rate, pacedSeconds);
        }
        consumer.stop();
        publisher.close();
        if (background != null) {
            background.stop();
        }
        requests.stop();
        System.out.printf("RESULT load average: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.exit(0);
    }

    /** Publishes at {@code rate}/s (half triggers for new profiles, half follow-ups) while the consumer keeps up. */
    private static void paced(KafkaProducer<String, byte[]> producer, RequestCounter requests, IntakeLoop consumer,
            PollTimes times, int people, int total, int rate, int seconds)
            throws InterruptedException {
        if (seconds <= 0) {
            return;
        }
        int events = rate * seconds;
        long start = System.nanoTime();
        for (int n = 0; n < events; n++) {
            long due = start + (long) (n * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int person = people + n / 2;
            if (n % 2 == 0) {
                requests.expect("q-" + person, System.nanoTime());
                send(producer, "p-" + person, TRIGGER, "q-" + person);
            } else {
                send(producer, "p-" + person, FOLLOW_UP, "r-" + person);
            }
        }
        producer.flush();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (consumer.processed() < total + events
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        requests.awaitAtLeast(people + events / 2, Duration.ofSeconds(30));
        List<Long> polls = times.take();
        List<Long> latencies = requests.latencies();

        System.out.printf("RESULT paced %d events/s for %d s: handling per poll p50 %.0f ms, p99 %.0f ms over %d polls; "
                + "produce to notification request p50 %.0f ms, p99 %.0f ms (%d requests)%n", rate, seconds,
                percentile(polls, 50), percentile(polls, 99), polls.size(), percentile(latencies, 50),
                percentile(latencies, 99), latencies.size());
    }

    /** Instances of other profiles, as a service that has run for a while has them (completed, goal window open). */
    /** The service's background jobs that query MongoDB: the timer scheduler and the outbox relay. */
    private static final class BackgroundLoad {
        private final io.omnijourney.journey.app.TimerScheduler scheduler;
        private final java.util.concurrent.ScheduledExecutorService relayLoop;
        private final java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger();

        BackgroundLoad(BenchSupport engine, Publisher publisher, int threads) {
            OutboxFlusher flusher = new OutboxFlusher(publisher, engine.instances);
            scheduler = new io.omnijourney.journey.app.TimerScheduler("bench-timers", engine.instances,
                    engine.runtime, flusher, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofSeconds(1), threads);
            scheduler.start();
            io.omnijourney.journey.app.OutboxRelay relay = new io.omnijourney.journey.app.OutboxRelay(
                    engine.instances, flusher, Clock.systemUTC());
            relayLoop = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-relay");
                t.setDaemon(true);
                return t;
            });
            relayLoop.scheduleWithFixedDelay(() -> {
                try {
                    relay.relay(Duration.ofSeconds(10));
                    rounds.incrementAndGet();
                } catch (RuntimeException e) {
                    System.out.println("relay round failed: " + e);
                }
            }, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf("background: %d timer scheduler threads (1 s poll) and the outbox relay (5 s)%n",
                    threads);
        }

        void stop() {
            scheduler.stop();
            relayLoop.shutdownNow();
            System.out.printf("background: %d relay rounds%n", rounds.get());
        }
    }

    private static void preload(BenchSupport engine, int count) {
        long loadStart = System.nanoTime();
        Instant now = Instant.now();
        TriggerIndex.Candidate journey = engine.index.candidates(TRIGGER).get(0);
        List<JourneyInstance> buffer = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String profileId = "old-" + i;
            JourneyInstance.TriggerEvent cause = new JourneyInstance.TriggerEvent("old-m-" + i, TRIGGER, Map.of(), now);
            JourneyInstance entered = StepMachine.enter(RequestIds.instance(JOURNEY, profileId, "old-m-" + i), JOURNEY,
                    1, profileId, cause, journey.definition(), now);
            buffer.add(StepMachine.start(journey.definition(), entered, new StepMachine.Context(now, Map.of(), Map.of(),
                    ZoneOffset.UTC, StepMachine.SendHistory.none())).instance());
            if (buffer.size() == 1_000) {
                engine.preload(buffer);
                buffer.clear();
            }
        }
        if (!buffer.isEmpty()) {
            engine.preload(buffer);
        }
        System.out.printf("%d instances of other profiles loaded in %.1f s%n", count,
                (System.nanoTime() - loadStart) / 1e9);
    }

    private static double rawBaseline(String bootstrap, BenchSupport engine, int total) {
        MongoCollection<Document> raw = engine.database.getCollection("raw_baseline");
        KafkaProducer<String, byte[]> producer = producer(bootstrap);
        Properties props = consumerProps(bootstrap, "raw-baseline");
        int consumed = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PROFILE_EVENTS));
            while (consumed < total) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                List<WriteModel<Document>> writes = new ArrayList<>();
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    String id = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
                    writes.add(new ReplaceOneModel<>(new Document("_id", id), new Document("_id", id)
                            .append("profileId", record.key()).append("value", new String(record.value(),
                                    StandardCharsets.UTF_8)), new ReplaceOptions().upsert(true)));
                    if (id.startsWith("w-")) {
                        sends.add(producer.send(new ProducerRecord<>("raw-requests", record.key(), record.value())));
                    }
                }
                raw.bulkWrite(writes, new BulkWriteOptions().ordered(false));
                RecordPublisher.awaitAll(sends, Duration.ofSeconds(30));
                consumer.commitSync();
                consumed += records.count();
            }
        }
        producer.close();
        return consumed / ((System.nanoTime() - start) / 1e9);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String profileId, String name, String messageId) {
        Instant now = Instant.now();
        TouchpointEvent touchpoint = TouchpointEventBuilder.of(EventType.TRACK).messageId(messageId).event(name)
                .userId("u-" + profileId).properties(Map.of("productId", "sku-42", "price", 25L))
                .channel(name.equals(TRIGGER) ? Channel.WEB : Channel.EMAIL).sourceId("bench").timestamp(now)
                .receivedAt(now).build();
        ProfileSnapshot profile = new ProfileSnapshot(Map.of("userId", List.of("u-" + profileId), "email",
                List.of(profileId + "@example.com")), Map.of("firstName", "Ana"),
                Map.of("email", new ProfileSnapshot.Consent("subscribed", null)), Map.of("orderCount", 1L), List.of());
        ProfileEvent event = ProfileEvent.touchpoint(profileId, touchpoint, profile);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.PROFILE_EVENTS, profileId,
                ContractJson.encode(event));
        CloudEventHeaders.forProfileEvent(event).forEach((k, v) -> record.headers().add(k,
                v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static Properties consumerProps(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return props;
    }

    static double percentile(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    /**
     * Polls {@code profile-events} and hands each poll to the intake, as the service's channel does: decoded, in
     * order, applied again at once when an instance changed under it (a timer fired), then committed.
     */
    private static final class IntakeLoop {
        private final String bootstrap;
        private final ProfileEventIntake intake;
        private final AtomicLong processed = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean();
        private Thread thread;

        IntakeLoop(String bootstrap, ProfileEventIntake intake) {
            this.bootstrap = bootstrap;
            this.intake = intake;
        }

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                Properties props = consumerProps(bootstrap, "journey-service");
                props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(Topics.PROFILE_EVENTS));
                    while (running.get()) {
                        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                        if (records.isEmpty()) {
                            continue;
                        }
                        List<ProfileEventIntake.Received> events = new ArrayList<>(records.count());
                        for (ConsumerRecord<String, byte[]> record : records) {
                            events.add(new ProfileEventIntake.Received(ContractJson.decode(record.value(),
                                    ProfileEvent.class), null));
                        }
                        while (true) {
                            try {
                                intake.apply(events);
                                break;
                            } catch (UnitOfWork.ConcurrentChangeException e) {
                                // A timer fired on one of the poll's instances: apply it again (idempotent).
                            }
                        }
                        consumer.commitSync();
                        processed.addAndGet(records.count());
                    }
                }
            }, "bench-intake");
            thread.start();
        }

        long processed() {
            return processed.get();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    /** Outbox messages on a producer of the benchmark's own (acks=all, idempotent), each acknowledged. */
    private static final class BenchPublisher implements Publisher, AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;

        BenchPublisher(String bootstrap) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public void publish(List<OutboxMessage> messages) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(messages.size());
            for (OutboxMessage m : messages) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(m.topic(), m.key(),
                        m.payload().getBytes(StandardCharsets.UTF_8));
                m.headers().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                sends.add(producer.send(record));
            }
            RecordPublisher.awaitAll(sends, Duration.ofSeconds(30));
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** From the start of a poll's handling (its bulk reads) to the end of its publication. */
    private static final class PollTimes {
        private final List<Long> durations = new CopyOnWriteArrayList<>();
        private volatile long start;

        void started() {
            start = System.nanoTime();
        }

        void ended() {
            if (start != 0) {
                durations.add(System.nanoTime() - start);
                start = 0;
            }
        }

        List<Long> take() {
            List<Long> taken = new ArrayList<>(durations);
            durations.clear();
            return taken;
        }
    }

    /**
     * The consumer calls {@code flush} exactly once per poll, at its end: with records waiting, the interval between
     * two calls is the time one poll takes (fetch, engine, publish, mark published, commit).
     */
    private static final class TimedFlusher extends OutboxFlusher {
        private final List<Long> intervals = new CopyOnWriteArrayList<>();
        private volatile long last;

        private final PollTimes times;

        TimedFlusher(Publisher publisher, BenchSupport engine, PollTimes times) {
            super(publisher, engine.instances);
            this.times = times;
        }

        @Override
        public void flush(List<Pending> pending) {
            super.flush(pending);
            times.ended();
            long now = System.nanoTime();
            if (last != 0) {
                intervals.add(now - last);
            }
            last = now;
        }

        List<Long> takeIntervals() {
            List<Long> taken = new ArrayList<>(intervals);
            intervals.clear();
            last = 0;
            return taken;
        }
    }

    /** Reads notification-requests: distinct request ids, duplicates, and latencies of expected triggers. */
    private static final class RequestCounter {
        private final String bootstrap;
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final Map<String, Long> expected = new ConcurrentHashMap<>();
        private final List<Long> latencies = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean();
        private volatile long duplicates;
        private Thread thread;

        RequestCounter(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                Properties props = consumerProps(bootstrap, "bench-requests-" + System.nanoTime());
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(Topics.NOTIFICATION_REQUESTS));
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                            long now = System.nanoTime();
                            String id = new String(record.headers().lastHeader("ce_id").value(),
                                    StandardCharsets.UTF_8);
                            if (!seen.add(id)) {
                                duplicates++;
                                continue;
                            }
                            String trigger = triggerOf(record.value());
                            Long sent = trigger == null ? null : expected.remove(trigger);
                            if (sent != null) {
                                latencies.add(now - sent);
                            }
                        }
                    }
                }
            }, "bench-requests");
            thread.start();
        }

        private static String triggerOf(byte[] value) {
            String json = new String(value, StandardCharsets.UTF_8);
            int at = json.indexOf("\"q-");
            return at < 0 ? null : json.substring(at + 1, json.indexOf('"', at + 1));
        }

        void expect(String triggerMessageId, long at) {
            expected.put(triggerMessageId, at);
        }

        int distinct() {
            return seen.size();
        }

        long duplicates() {
            return duplicates;
        }

        List<Long> latencies() {
            return new ArrayList<>(latencies);
        }

        void awaitAtLeast(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }

    private ConsumerThroughputBenchmark() {
    }
}
