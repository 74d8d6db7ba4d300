package io.omnijourney.notification.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.notification.adapter.mongo.MongoLedger;
import io.omnijourney.notification.adapter.mongo.MongoProfileStates;
import io.omnijourney.notification.adapter.mongo.MongoSmallStores;
import io.omnijourney.notification.adapter.mongo.MongoTemplateStore;
import io.omnijourney.notification.app.ChannelSender;
import io.omnijourney.notification.app.DeliveryService;
import io.omnijourney.notification.app.TemplateRenderer;
import io.omnijourney.notification.domain.DeliveryState;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.RetryPolicy;
import io.omnijourney.notification.domain.SendOutcome;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.notification.domain.TemplateContent;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.MongoTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer's lanes against the real broker: records of one key in order, records of different keys at the same
 * time, no commit past a record not handled yet, and (with the real ledger) nothing sent twice when a partly handled
 * poll is replayed.
 */
class RecordLanesTest {

    private final List<TestLoop> loops = new ArrayList<>();
    private KafkaTestClient kafka;
    private KafkaProducers producers;
    private String topic;
    private String group;

    /** A loop whose handling is the test's. */
    static final class TestLoop extends RecordLoop {
        private final Function<ConsumerRecord<String, byte[]>, List<Future<RecordMetadata>>> handler;

        TestLoop(String topic, KafkaProducers producers, String bootstrap, String group, int concurrency,
                Function<ConsumerRecord<String, byte[]>, List<Future<RecordMetadata>>> handler) {
            super(topic, producers, bootstrap, group, 100, Duration.ofMillis(100), concurrency);
            this.handler = handler;
        }

        @Override
        List<Future<RecordMetadata>> process(ConsumerRecord<String, byte[]> record) {
            return handler.apply(record);
        }
    }

    @BeforeEach
    void setUp() {
        kafka = new KafkaTestClient();
        producers = new KafkaProducers(kafka.bootstrapServers());
        topic = "lanes-" + UUID.randomUUID().toString().substring(0, 8);
        group = "lanes-" + UUID.randomUUID();
        kafka.createTopics(topic + ":1");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (TestLoop loop : loops) {
            loop.stopThread();
        }
        producers.close();
        kafka.close();
    }

    private TestLoop start(int concurrency,
            Function<ConsumerRecord<String, byte[]>, List<Future<RecordMetadata>>> handler) {
        TestLoop loop = new TestLoop(topic, producers, kafka.bootstrapServers(), group, concurrency, handler);
        loops.add(loop);
        loop.startThread("lanes-test");
        return loop;
    }

    private void produce(String key, String value) {
        kafka.produce(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String value(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private long committed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    @Test
    void recordsOfOneKeyAreHandledInOrderWhileAnotherKeyGoesAhead() throws Exception {
        for (int i = 1; i <= 5; i++) {
            produce("slow", "slow-" + i);
            produce("fast", "fast-" + i);
        }
        CountDownLatch fastDone = new CountDownLatch(5);
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean slowWaitedForFast = new AtomicBoolean();
        start(4, record -> {
            if (value(record).equals("slow-1")) {
                // The first record of "slow" holds its lane until every record of "fast" is through: only lanes
                // that run side by side get there.
                try {
                    slowWaitedForFast.set(fastDone.await(20, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            handled.add(value(record));
            if (record.key().equals("fast")) {
                fastDone.countDown();
            }
            return List.of();
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 10);
        assertThat(slowWaitedForFast).isTrue();
        assertThat(handled.stream().filter(v -> v.startsWith("slow")).toList())
                .containsExactly("slow-1", "slow-2", "slow-3", "slow-4", "slow-5");
        assertThat(handled.stream().filter(v -> v.startsWith("fast")).toList())
                .containsExactly("fast-1", "fast-2", "fast-3", "fast-4", "fast-5");
        assertThat(handled.indexOf("fast-5")).isLessThan(handled.indexOf("slow-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 10);
    }

    @Test
    void requestsOfDifferentProfilesRunConcurrently() throws Exception {
        for (int i = 0; i < 8; i++) {
            produce("profile-" + i, "r-" + i);
        }
        CountDownLatch together = new CountDownLatch(4);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        long startedAt = System.nanoTime();
        start(8, record -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            together.countDown();
            try {
                // Four sends of 2 s each one after another would take 8 s: together they take 2 s at most.
                together.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            handled.add(value(record));
            return List.of();
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 8);
        assertThat(peak.get()).isGreaterThanOrEqualTo(4);
        assertThat(together.getCount()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aHeldRequestKeepsItsPartitionUncommittedAndTheReplaySendsNothingTwice() throws Exception {
        MongoDatabase db = MongoTestClient.database("notification-lanes-" + UUID.randomUUID().toString()
                .substring(0, 8));
        Instant now = Instant.now();
        new MongoTemplateStore(db).save(new Template("t", MessageChannel.SMS, "en",
                Map.of("en", new TemplateContent.Sms("Hi {profile.firstName}")), now));
        RecordingSender sender = new RecordingSender();
        DeliveryService delivery = new DeliveryService(new MongoTemplateStore(db), new TemplateRenderer(),
                new MongoLedger(db), new MongoProfileStates(db), new MongoSmallStores.Caps(db),
                new MongoSmallStores.Links(db), List.of(sender),
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(1)),
                new DeliveryService.Settings(5, Duration.ofMinutes(2), "http://localhost", "secret", true,
                        Optional.empty()), Clock.systemUTC(), d -> { });
        // Offsets 0..5: p1, p2, p3 (held), p4, p1 again, p5.
        List<String> profiles = List.of("p1", "p2", "p3", "p4", "p1", "p5");
        for (int i = 0; i < profiles.size(); i++) {
            NotificationRequest request = new NotificationRequest("req-" + i, profiles.get(i), "j", 1, "s",
                    List.of(Channel.SMS), "t", MessageCategory.TRANSACTIONAL, Map.of(), null,
                    new NotificationRequest.Recipient(Map.of("phone", List.of("+35191234567" + i)),
                            Map.of("firstName", "Ana"), Map.of(), "en", null), now);
            kafka.produce(topic, request.profileId(), ContractJson.encode(request));
        }
        AtomicBoolean held = new AtomicBoolean(true);
        AtomicInteger heldTries = new AtomicInteger();
        Map<String, AtomicInteger> handledTimes = new ConcurrentHashMap<>();
        start(4, record -> {
            NotificationRequest request = ContractJson.decode(record.value(), NotificationRequest.class);
            if (request.profileId().equals("p3") && held.get()) {
                heldTries.incrementAndGet();
                throw new RecordLoop.RetryLater("held by the test");
            }
            DeliveryService.Result result = delivery.handle(request);
            assertThat(result.entry().state()).isEqualTo(DeliveryState.SENT);
            handledTimes.computeIfAbsent(request.requestId(), k -> new AtomicInteger()).incrementAndGet();
            return List.of();
        });

        // Several polls go by with p3 held: the records after it are handled (and replayed), never committed.
        await().atMost(Duration.ofSeconds(30)).until(() -> heldTries.get() >= 3 && handledTimes.containsKey("req-3"));
        assertThat(committed()).isEqualTo(2);
        assertThat(handledTimes.get("req-3").get()).isGreaterThanOrEqualTo(2);

        held.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 6);
        assertThat(sender.requestIds).containsExactlyInAnyOrder("req-0", "req-1", "req-2", "req-3", "req-4",
                "req-5");
    }

    private static final class RecordingSender implements ChannelSender {
        final List<String> requestIds = new CopyOnWriteArrayList<>();

        @Override
        public MessageChannel channel() {
            return MessageChannel.SMS;
        }

        @Override
        public List<String> providers() {
            return List.of("fake");
        }

        @Override
        public SendOutcome send(Delivery delivery, int providerIndex) {
            assertThat(delivery.message()).isInstanceOf(RenderedMessage.Sms.class);
            requestIds.add(delivery.requestId());
            return new SendOutcome.Accepted("fake", "m-" + delivery.requestId());
        }
    }
}
