package io.omnijourney.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.infra.KafkaBrokerProcess;
import io.omnijourney.infra.MongoServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * Profile updates per second: profile-service consumes a pre-filled {@code touchpoints} topic (by default 200,000
 * events over 20,000 people) into MongoDB, beside the raw baseline of the same number of bulk upserts of documents
 * copied from the profiles it wrote, to the same server, in the same run.
 */
public final class ProfileBenchmark {

    private static final int PARTITIONS = 6;
    private static final String DATABASE = "bench-profile";
    private static final String RAW_DATABASE = "bench-raw";

    public static void main(String[] args) throws Exception {
        int events = ServiceRunner.intArg(args, "events", 200_000);
        int people = ServiceRunner.intArg(args, "profiles", 20_000);
        int bulk = ServiceRunner.intArg(args, "bulk", 500);
        Path repo = Path.of(System.getProperty("omnijourney.repo", "..")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("omnijourney-bench-profile");
        System.out.printf(Locale.ROOT, "work dir %s, %d cores, %,d events over %,d people%n", work,
                Runtime.getRuntime().availableProcessors(), events, people);

        try (KafkaBrokerProcess broker = KafkaBrokerProcess.builder().dataDir(work.resolve("kafka")).build().start();
             MongoServerProcess mongo = mongo(work).start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            KafkaTools.createTopic(broker.bootstrapServers(), "touchpoints", PARTITIONS, work.resolve("topics.log"));
            fill(broker.bootstrapServers(), events, people);

            Result service = serviceRate(repo, broker, mongo, events, work);
            List<Document> samples = client.getDatabase(DATABASE).getCollection("profiles").find().limit(500)
                    .into(new ArrayList<>());
            int averageSize = (int) samples.stream().mapToLong(ProfileBenchmark::bsonSize).average().orElse(0);
            client.getDatabase(DATABASE).drop();
            double raw = rawRate(client.getDatabase(RAW_DATABASE).getCollection("profiles"), samples, events, people,
                    bulk);

            System.out.println();
            System.out.printf(Locale.ROOT, "raw MongoDB bulk upserts (%d per bulk, documents of %,d B as written by "
                    + "the service): %,.0f updates/s%n", bulk, averageSize, raw);
            System.out.printf(Locale.ROOT, "profile-service (touchpoints -> profiles, identifiers, timeline, "
                    + "profile-events): %,.0f updates/s (%,.0f in bulk, %,.0f one by one)%n", service.rate,
                    service.batched, service.oneByOne);
            System.out.printf(Locale.ROOT, "ratio profile-service/raw: %.2f (target >= 0.30)%n", service.rate / raw);
        }
    }

    /** In memory, with room for the timeline; {@code -Domnijourney.bench.mongo-jvm-args=...} adds JVM options. */
    private static MongoServerProcess mongo(Path work) {
        MongoServerProcess.Builder builder = MongoServerProcess.builder().workDir(work.resolve("mongo")).heap("3g");
        String extra = System.getProperty("omnijourney.bench.mongo-jvm-args", "").trim();
        if (!extra.isEmpty()) {
            for (String option : extra.split("\\s+")) {
                builder.jvmArg(option);
            }
        }
        return builder.build();
    }

    private record Result(double rate, double batched, double oneByOne) {
    }

    /** People who browse with an anonymous id and a user id; some identify with an email, some buy. */
    private static void fill(String bootstrapServers, int events, int people) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        Random random = new Random(42);
        Instant start = Instant.now().minus(Duration.ofDays(1));
        long began = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                int person = random.nextInt(people);
                TouchpointEvent event = event(person, random, start.plusMillis(i * 10L));
                ProducerRecord<String, byte[]> record = new ProducerRecord<>("touchpoints", "user-" + person,
                        TouchpointCodec.encode(event));
                CloudEventHeaders.forTouchpoint(event).forEach((k, v) -> record.headers()
                        .add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
                producer.send(record);
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "filled touchpoints with %,d events in %.1f s%n", events,
                (System.nanoTime() - began) / 1e9);
    }

    private static TouchpointEvent event(int person, Random random, Instant at) {
        int kind = random.nextInt(20);
        TouchpointEventBuilder builder = kind == 0
                ? TouchpointEventBuilder.of(EventType.IDENTIFY).traits(Map.of("email", "person" + person
                        + "@example.com", "firstName", "Person" + person, "plan", random.nextBoolean() ? "gold" : "free"))
                : TouchpointEventBuilder.of(EventType.TRACK).event(switch (kind) {
                    case 1 -> "Order Completed";
                    case 2, 3 -> "Product Added";
                    default -> "Product Viewed";
                }).properties(kind == 1 ? Map.of("order_id", UUID.randomUUID().toString(), "revenue",
                        10 + random.nextInt(200)) : Map.of("product_id", "sku-" + random.nextInt(5000),
                        "name", "Product " + random.nextInt(5000), "price", 5 + random.nextInt(100)));
        return builder.messageId(UUID.randomUUID().toString()).userId("user-" + person)
                .anonymousId("anon-" + person).channel(random.nextBoolean() ? Channel.WEB : Channel.MOBILE)
                .sourceId("bench").timestamp(at).receivedAt(at).build();
    }

    private static Result serviceRate(Path repo, KafkaBrokerProcess broker, MongoServerProcess mongo, int events,
            Path work) throws Exception {
        try (ServiceRunner service = ServiceRunner.start(repo, "profile-service", Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "quarkus.mongodb.connection-string", mongo.connectionString(),
                "omnijourney.profile.database", DATABASE,
                "omnijourney.profile.topics.partitions", String.valueOf(PARTITIONS),
                "omnijourney.profile.segments.sweep-enabled", "false",
                "omnijourney.profile.mongo.local-server-workarounds", "true",
                "omnijourney.profile.suppression.secret", "bench-suppression-secret-of-32-characters"),
                work.resolve("profile-service.log"))) {
            service.awaitReady();
            String processed = "omnijourney_consumer_records_total{channel=\"touchpoints\"";
            long warmup = events / 10;
            double count = 0;
            while ((count = service.metric(processed).orElse(0)) < warmup) {
                Thread.sleep(100);
            }
            long t0 = System.nanoTime();
            double c0 = count;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
            while ((count = service.metric(processed).orElse(0)) < events) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("only " + count + " events processed in 30 minutes");
                }
                Thread.sleep(100);
            }
            double rate = (count - c0) / ((System.nanoTime() - t0) / 1e9);
            return new Result(rate, service.metric("omnijourney_profile_touchpoints_batched").orElse(-1),
                    service.metric("omnijourney_profile_touchpoints_one_by_one").orElse(-1));
        }
    }

    /** One upsert per event, as the service does one profile write per event, in bulks of {@code bulk}. */
    private static double rawRate(MongoCollection<Document> collection, List<Document> samples, int events,
            int people, int bulk) {
        Random random = new Random(42);
        long warmup = events / 10;
        long t0 = 0;
        for (int done = 0; done < events; done += bulk) {
            if (done >= warmup && t0 == 0) {
                t0 = System.nanoTime();
            }
            List<WriteModel<Document>> writes = new ArrayList<>(bulk);
            for (int i = 0; i < bulk && done + i < events; i++) {
                String id = "p-" + random.nextInt(people);
                Document document = new Document(samples.get((done + i) % samples.size()));
                document.put("_id", id);
                writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true)));
            }
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
        return (events - warmup) / ((System.nanoTime() - t0) / 1e9);
    }

    private static long bsonSize(Document document) {
        return new RawBsonDocument(document, new org.bson.codecs.DocumentCodec()).getByteBuffer().remaining();
    }
}
