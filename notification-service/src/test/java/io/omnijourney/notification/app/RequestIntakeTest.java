package io.omnijourney.notification.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omnijourney.notification.adapter.mongo.MongoLedger;
import io.omnijourney.notification.adapter.mongo.MongoProfileStates;
import io.omnijourney.notification.adapter.mongo.MongoTemplateStore;
import io.omnijourney.notification.domain.DeliveryState;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.SendOutcome;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request intake's lanes against the wire-protocol MongoDB with the real ledger and a scripted sender: one
 * profile's requests in order while another profile's go ahead; profiles at the same time; a held request or a
 * failing lane leaves the poll incomplete, and applying it again sends nothing twice; the request's trace is current
 * while it is sent and its id is in the ledger.
 */
class RequestIntakeTest {

    private static final Instant NOW = Instant.now();

    private final MongoDatabase db = MongoTestClient.database("notification-intake-"
            + UUID.randomUUID().toString().substring(0, 8));
    private final ScriptedSender sender = new ScriptedSender();
    private final List<RequestIntake> intakes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        intakes.forEach(RequestIntake::close);
    }

    private RequestIntake intake(int concurrency, TemplateStore templates) {
        SmsFixtures.saveTemplate(templates, NOW);
        DeliveryService delivery = SmsFixtures.delivery(db, templates, new MongoLedger(db), sender, Clock.systemUTC(),
                d -> { });
        RequestIntake intake = new RequestIntake(delivery, new MongoProfileStates(db), new SimpleMeterRegistry(),
                concurrency);
        intakes.add(intake);
        return intake;
    }

    private RequestIntake intake(int concurrency) {
        return intake(concurrency, new MongoTemplateStore(db));
    }

    private RequestIntake.Incoming incoming(String requestId, String profileId) {
        return incoming(requestId, profileId, "t", Trace.NONE);
    }

    /** A request to Ana's profile under {@code profileId}, whose copy the service has. */
    private RequestIntake.Incoming incoming(String requestId, String profileId, String templateId, Trace trace) {
        SmsFixtures.copyAna(db, profileId, NOW);
        return new RequestIntake.Incoming(profileId, SmsFixtures.request(requestId, profileId, templateId, NOW), trace);
    }

    @Test
    void oneProfilesRequestsAreSentInOrderWhileAnotherProfilesGoAhead() {
        List<RequestIntake.Incoming> requests = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            requests.add(incoming("slow-" + i, "slow"));
            requests.add(incoming("fast-" + i, "fast"));
        }
        CountDownLatch fastDone = new CountDownLatch(5);
        List<Boolean> slowWaitedForFast = new CopyOnWriteArrayList<>();
        sender.script = requestId -> {
            if (requestId.equals("slow-1")) {
                // The first request of "slow" holds its lane until every request of "fast" is sent: only lanes that
                // run side by side get there.
                slowWaitedForFast.add(await(fastDone, 20));
            }
        };
        sender.afterSend = requestId -> {
            if (requestId.startsWith("fast")) {
                fastDone.countDown();
            }
        };

        RequestIntake.Result result = intake(4).apply(requests);

        assertThat(result).isInstanceOf(RequestIntake.Completed.class);
        assertThat(slowWaitedForFast).containsExactly(true);
        assertThat(sender.sent.stream().filter(id -> id.startsWith("slow")).toList())
                .containsExactly("slow-1", "slow-2", "slow-3", "slow-4", "slow-5");
        assertThat(sender.sent.stream().filter(id -> id.startsWith("fast")).toList())
                .containsExactly("fast-1", "fast-2", "fast-3", "fast-4", "fast-5");
        assertThat(sender.sent.indexOf("fast-5")).isLessThan(sender.sent.indexOf("slow-1"));
        // Outcomes come back in the order the requests came, whatever order the lanes finished in.
        assertThat(((RequestIntake.Completed) result).delivered()).extracting(d -> d.outcome().messageId())
                .containsExactlyElementsOf(requests.stream().map(r -> "notification:" + r.request().requestId()
                        + ":sent").toList());
    }

    @Test
    void requestsOfDifferentProfilesAreSentAtTheSameTime() {
        List<RequestIntake.Incoming> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(incoming("r-" + i, "profile-" + i));
        }
        CountDownLatch together = new CountDownLatch(4);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        sender.script = requestId -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            together.countDown();
            // Four sends of 2 s each one after another would take 8 s: together they take 2 s at most.
            await(together, 2);
            inFlight.decrementAndGet();
        };
        long startedAt = System.nanoTime();

        assertThat(intake(8).apply(requests)).isInstanceOf(RequestIntake.Completed.class);

        assertThat(sender.sent).hasSize(8);
        assertThat(peak.get()).isGreaterThanOrEqualTo(4);
        assertThat(together.getCount()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aRequestHeldByAnotherInstanceStopsItsLaneAndTheRetrySendsNothingTwice() {
        MongoLedger otherInstance = new MongoLedger(db);
        otherInstance.claim(new LedgerEntry("req-p3", "p3", "j", "s", "t", "transactional", null, null,
                DeliveryState.QUEUED, null, 0, null, false, null, null, null, null, null, NOW, NOW), NOW,
                NOW.plusSeconds(120));
        List<RequestIntake.Incoming> poll = List.of(incoming("req-p1", "p1"), incoming("req-p2", "p2"),
                incoming("req-p3", "p3"), incoming("req-p3-next", "p3"), incoming("req-p4", "p4"));
        RequestIntake intake = intake(4);

        RequestIntake.Result first = intake.apply(poll);

        assertThat(first).isInstanceOf(RequestIntake.Incomplete.class);
        assertThat(((RequestIntake.Incomplete) first).held()).containsExactly("req-p3");
        assertThat(((RequestIntake.Incomplete) first).failures()).isEmpty();
        // p3's next request waits for the held one; the other profiles' are sent.
        assertThat(sender.sent).containsExactlyInAnyOrder("req-p1", "req-p2", "req-p4");

        otherInstance.finish("req-p3", DeliveryState.SENT, "fake", "m-other", null, Instant.now());
        RequestIntake.Result again = intake.apply(poll);

        assertThat(again).isInstanceOf(RequestIntake.Completed.class);
        assertThat(((RequestIntake.Completed) again).delivered()).extracting(d -> d.outcome().event())
                .containsOnly("Notification Sent");
        assertThat(sender.sent).containsExactlyInAnyOrder("req-p1", "req-p2", "req-p4", "req-p3-next");
    }

    @Test
    void aLaneThatFailsLeavesThePollIncompleteWithItsFailureWhileTheOtherLanesFinish() {
        IllegalStateException broken = new IllegalStateException("template store broke on this one");
        TemplateStore failing = new FailingTemplates(new MongoTemplateStore(db), "broken", broken);
        RequestIntake intake = intake(4, failing);
        List<RequestIntake.Incoming> poll = List.of(incoming("ok-1", "a"), incoming("bad", "b", "broken", Trace.NONE),
                incoming("after-bad", "b"), incoming("ok-2", "c"));

        RequestIntake.Result result = intake.apply(poll);

        assertThat(result).isInstanceOf(RequestIntake.Incomplete.class);
        assertThat(((RequestIntake.Incomplete) result).failures()).containsExactly(broken);
        assertThat(sender.sent).containsExactlyInAnyOrder("ok-1", "ok-2");
    }

    @Test
    void theRequestsTraceIsCurrentWhileItIsSentAndItsIdIsInTheLedger() {
        ThreadLocal<String> current = new ThreadLocal<>();
        List<String> seenBySender = new CopyOnWriteArrayList<>();
        sender.script = requestId -> seenBySender.add(requestId + "=" + current.get());
        String traceId = UUID.randomUUID().toString().replace("-", "");
        Trace trace = new Trace() {
            @Override
            public String traceId() {
                return traceId;
            }

            @Override
            public Scope enter() {
                current.set(traceId);
                return current::remove;
            }
        };

        assertThat(intake(4).apply(List.of(incoming("traced", "p", "t", trace), incoming("untraced", "q"))))
                .isInstanceOf(RequestIntake.Completed.class);

        assertThat(seenBySender).containsExactlyInAnyOrder("traced=" + traceId, "untraced=null");
        assertThat(new MongoLedger(db).find("traced").orElseThrow().traceId()).isEqualTo(traceId);
        assertThat(new MongoLedger(db).find("untraced").orElseThrow().traceId()).isNull();
    }

    private static boolean await(CountDownLatch latch, int seconds) {
        try {
            return latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An SMS "provider" that records what it was given, running the test's scripts before and after. */
    private static final class ScriptedSender extends SmsFixtures.FakeSms {
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        volatile Consumer<String> script = id -> { };
        volatile Consumer<String> afterSend = id -> { };

        @Override
        public SendOutcome send(Delivery delivery, int providerIndex) {
            script.accept(delivery.requestId());
            sent.add(delivery.requestId());
            afterSend.accept(delivery.requestId());
            return new SendOutcome.Accepted("fake", "m-" + delivery.requestId());
        }
    }

    /** Templates whose lookup of one template id throws, as a store can fail for one record's data. */
    private record FailingTemplates(TemplateStore store, String templateId, RuntimeException failure)
            implements TemplateStore {

        @Override
        public void save(Template template) {
            store.save(template);
        }

        @Override
        public Optional<Template> find(String id, MessageChannel channel) {
            if (id.equals(templateId)) {
                throw failure;
            }
            return store.find(id, channel);
        }

        @Override
        public List<Template> byId(String id) {
            return store.byId(id);
        }

        @Override
        public List<Template> list(int limit) {
            return store.list(limit);
        }

        @Override
        public boolean delete(String id, MessageChannel channel) {
            return store.delete(id, channel);
        }
    }
}
