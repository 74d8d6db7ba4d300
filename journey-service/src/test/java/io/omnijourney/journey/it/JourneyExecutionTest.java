package io.omnijourney.journey.it;

import static io.omnijourney.journey.it.Scenario.profile;
import static io.omnijourney.journey.it.Scenario.requestsFor;
import static io.omnijourney.journey.it.Scenario.sendTrack;
import static io.omnijourney.journey.it.Scenario.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.journey.MutableClock;
import io.omnijourney.journey.app.BackgroundJobs;
import io.omnijourney.journey.app.ExampleJourneys;
import io.omnijourney.journey.app.InstanceStore;
import io.omnijourney.journey.app.JourneyRuntime;
import io.omnijourney.journey.app.OutboxFlusher;
import io.omnijourney.journey.app.TimerScheduler;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Journeys end to end: profile events through the real broker, instances and timers in the wire-protocol MongoDB,
 * notification requests read back from {@code notification-requests}. Time is the test's {@link MutableClock}: a
 * 24-hour wait is one call, and the real scheduler fires the timer.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1," + Topics.NOTIFICATION_REQUESTS
                + ":3," + Topics.TOUCHPOINTS + ":3," + Topics.ERASURE_ACKS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class JourneyExecutionTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static KafkaTestClient kafka;

    @Inject
    MutableClock clock;
    @Inject
    InstanceStore instances;
    @Inject
    io.omnijourney.journey.app.ProfileCache profiles;
    @Inject
    com.mongodb.client.MongoDatabase database;
    @Inject
    BackgroundJobs jobs;
    @Inject
    JourneyRuntime runtime;
    @Inject
    OutboxFlusher flusher;
    @Inject
    io.omnijourney.journey.app.OutboxRelay relay;

    TopicProbe requests;
    private final List<String> journeys = new ArrayList<>();
    Instant t0;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void openProbe() {
        requests = kafka.probe(Topics.NOTIFICATION_REQUESTS);
        // Every test starts a month after the previous one: older tests' timers are long due and long settled.
        t0 = clock.advance(Duration.ofDays(30));
    }

    @AfterEach
    void isolate() {
        journeys.forEach(Scenario::archive);
        journeys.clear();
        requests.close();
        if (!jobs.scheduler().running()) {
            jobs.scheduler().start();
        }
    }

    String publish(ObjectNode definition) {
        String id = Scenario.publish(definition);
        journeys.add(id);
        return id;
    }

    /** Every instance of the profile in the journey, finished ones included (found by profileId). */
    private List<JourneyInstance> instancesOf(String journeyId, String profileId) {
        return io.omnijourney.journey.app.UnitOfWork.immediate(instances, profiles).instancesOf(profileId, true)
                .stream().map(io.omnijourney.journey.app.StoredInstance::instance)
                .filter(i -> journeyId.equals(i.journeyId)).toList();
    }

    JourneyInstance awaitInstance(String journeyId, String profileId,
            java.util.function.Predicate<JourneyInstance> condition) {
        return await().atMost(WAIT).until(() -> instancesOf(journeyId, profileId).stream().filter(condition)
                .findFirst().orElse(null), java.util.Objects::nonNull);
    }

    @Test
    void abandonedCheckoutWithoutPurchaseSendsEmailThenSmsADayLater() {
        String journey = publish(ExampleJourneys.read("abandoned-checkout").deepCopy());
        String pid = unique("p");
        ProfileSnapshot ana = profile(pid + "@example.com", "+351911111111",
                Map.of("firstName", "Ana", "locale", "pt-PT", "timezone", "Europe/Lisbon"));
        sendTrack(kafka, pid, ana, unique("m"), "Checkout Started", Map.of("checkout_id", "c-1", "total", 80L), t0);
        awaitInstance(journey, pid, i -> i.waitKind == JourneyInstance.WaitKind.EVENT);
        // What an agent's screen-pop shows of her journeys while she is on the phone.
        given().header("X-API-Key", Scenario.ANALYST).get("/profiles/" + pid + "/journeys").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(1))
                .body("[0].journeyId", org.hamcrest.Matchers.equalTo(journey))
                .body("[0].journeyName", org.hamcrest.Matchers.equalTo("Abandoned checkout"))
                .body("[0].status", org.hamcrest.Matchers.equalTo("active"))
                .body("[0].waitingFor", org.hamcrest.Matchers.equalTo("event:Order Completed"));
        // The journey list shows her among the entered and the active, without a call per journey to its stats.
        await().atMost(WAIT).untilAsserted(() -> assertThat(inJourneyList(journey)).containsEntry("entered", 1)
                .containsEntry("active", 1).containsEntry("conversions", 0));

        clock.advance(Duration.ofMinutes(61));
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> sent = requests.awaitRecords(1, WAIT);
        String raw = sent.stream().filter(r -> pid.equals(r.key())).map(r -> new String(r.value(),
                java.nio.charset.StandardCharsets.UTF_8)).findFirst().orElseThrow();
        assertThat(raw).as("the record as it lies on the topic").doesNotContain(pid + "@example.com", "+351911111111",
                "Ana", "user-" + (pid + "@example.com").hashCode()).contains("\"profileId\":\"" + pid + "\"");
        NotificationRequest email = decodeOne(sent, pid);
        assertThat(email.templateId()).isEqualTo("checkout-reminder-email");
        assertThat(email.channels()).containsExactly(Channel.EMAIL);
        assertThat(email.journeyId()).isEqualTo(journey);
        assertThat(email.journeyVersion()).isEqualTo(1);
        assertThat(email.trigger().properties()).containsEntry("checkout_id", "c-1");
        assertThat(email.profileVersion()).isEqualTo(Scenario.PROFILE_VERSION);
        assertThat(email.recipient().identifiers()).as("no address on the topic").isNull();
        assertThat(email.recipient().traits()).as("no trait on the topic").isNull();
        assertThat(email.recipient().consent()).containsEntry("email", "subscribed");
        assertThat(email.recipient().locale()).isEqualTo("pt-PT");
        assertThat(email.recipient().timezone()).isEqualTo("Europe/Lisbon");

        clock.advance(Duration.ofHours(24));
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 2);
        NotificationRequest sms = requestsFor(requests, pid).get(1);
        assertThat(sms.templateId()).isEqualTo("checkout-reminder-sms");
        assertThat(sms.channels()).containsExactly(Channel.SMS);
        assertThat(sms.requestId()).isNotEqualTo(email.requestId());
        awaitInstance(journey, pid, i -> i.status == JourneyInstance.Status.COMPLETED);
        given().header("X-API-Key", Scenario.ANALYST).get("/profiles/" + pid + "/journeys").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
        given().header("X-API-Key", Scenario.ANALYST).queryParam("all", true).get("/profiles/" + pid + "/journeys")
                .then().statusCode(200).body("[0].status", org.hamcrest.Matchers.equalTo("completed"));

        given().header("X-API-Key", Scenario.ANALYST).get("/journeys/" + journey + "/stats").then().statusCode(200)
                .body("entered", org.hamcrest.Matchers.equalTo(1)).body("completed", org.hamcrest.Matchers.equalTo(1))
                .body("sendsByChannel.email", org.hamcrest.Matchers.equalTo(1))
                .body("sendsByChannel.sms", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void splitVariantsAndTheHoldoutAreCountedAndComparedAsTheInstancesSay() {
        String journey = publish(io.omnijourney.journey.domain.Definitions.json("{'name':'trial offer',"
                + "'trigger':{'events':['Trial Started']},'holdout':{'percent':20},"
                + "'goal':{'event':'Plan Purchased','within':'P7D'},'steps':[{'id':'offer','type':'random_split',"
                + "'paths':[{'percent':50,'next':'plain','name':'plain'},{'percent':50,'next':'discount',"
                + "'name':'10% off'}]},{'id':'plain','type':'send','channel':'email','templateId':'trial-plain',"
                + "'category':'marketing'},{'id':'discount','type':'send','channel':'email',"
                + "'templateId':'trial-discount','category':'marketing'}]}"));
        List<String> pids = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            String pid = unique("x");
            pids.add(pid);
            sendTrack(kafka, pid, profile(pid + "@example.com", null, Map.of()), unique("m"), "Trial Started",
                    Map.of(), t0);
        }
        for (int n = 0; n < pids.size(); n += 2) {
            String pid = pids.get(n);
            sendTrack(kafka, pid, profile(pid + "@example.com", null, Map.of()), unique("m"), "Plan Purchased",
                    Map.of(), t0.plusSeconds(60));
        }
        await().atMost(WAIT).until(() -> pids.stream().filter(pid -> instancesOf(journey, pid).stream()
                .anyMatch(i -> i.convertedAt != null)).count() == 30);

        long heldOut = 0;
        long heldOutConversions = 0;
        long[] entered = new long[2];
        long[] conversions = new long[2];
        for (String pid : pids) {
            JourneyInstance i = instancesOf(journey, pid).get(0);
            if (i.heldOut()) {
                heldOut++;
                heldOutConversions += i.convertedAt == null ? 0 : 1;
                assertThat(requestsFor(requests, pid)).as("the holdout gets nothing").isEmpty();
                assertThat(i.variants).isEmpty();
            } else {
                int path = i.variants.get("offer");
                entered[path]++;
                conversions[path] += i.convertedAt == null ? 0 : 1;
            }
        }
        assertThat(heldOut).as("a fifth of 60 profiles, give or take").isBetween(1L, 30L);
        assertThat(entered[0]).isPositive();
        assertThat(entered[1]).isPositive();
        var stats = given().header("X-API-Key", Scenario.ANALYST).get("/journeys/" + journey + "/stats").then()
                .statusCode(200).extract().jsonPath();
        assertThat(stats.getLong("entered")).isEqualTo(60);
        assertThat(stats.getLong("conversions")).isEqualTo(30);
        assertThat(stats.getLong("exited.holdout")).isEqualTo(heldOut);
        assertThat(stats.getInt("holdout.percent")).isEqualTo(20);
        assertThat(stats.getLong("holdout.holdout.entered")).isEqualTo(heldOut);
        assertThat(stats.getLong("holdout.holdout.conversions")).isEqualTo(heldOutConversions);
        assertThat(stats.getLong("holdout.treatment.entered")).isEqualTo(60 - heldOut);
        assertThat(stats.getLong("holdout.treatment.conversions")).isEqualTo(30 - heldOutConversions);
        assertThat(stats.getDouble("holdout.pValue")).isBetween(0.0, 1.0);
        assertThat(stats.getString("experiments[0].stepId")).isEqualTo("offer");
        assertThat(stats.getInt("experiments[0].control")).isZero();
        for (int path = 0; path < 2; path++) {
            String v = "experiments[0].variants[" + path + "].";
            assertThat(stats.getLong(v + "entered")).as("path %d entered", path).isEqualTo(entered[path]);
            assertThat(stats.getLong(v + "conversions")).as("path %d conversions", path)
                    .isEqualTo(conversions[path]);
            assertThat(stats.getDouble(v + "rate")).isCloseTo(conversions[path] / (double) entered[path],
                    org.assertj.core.api.Assertions.within(1e-6));
            assertThat(stats.getDouble(v + "ci95Low")).isLessThanOrEqualTo(stats.getDouble(v + "rate"));
            assertThat(stats.getDouble(v + "ci95High")).isGreaterThanOrEqualTo(stats.getDouble(v + "rate"));
        }
        assertThat(stats.getString("experiments[0].variants[1].name")).isEqualTo("10% off");
        assertThat(stats.getBoolean("experiments[0].variants[0].control")).isTrue();
        assertThat(stats.getObject("experiments[0].variants[0].pValue", Double.class)).isNull();
        assertThat(stats.getDouble("experiments[0].variants[1].pValue")).isBetween(0.0, 1.0);
        assertThat(inJourneyList(journey)).as("the list shows the same headline counts as the stats")
                .containsEntry("entered", 60).containsEntry("conversions", 30)
                .containsEntry("active", stats.getInt("active"));
    }

    /** The journey's summary in {@code GET /journeys}: the list the console renders. */
    private static Map<String, Object> inJourneyList(String journey) {
        List<Map<String, Object>> all = given().header("X-API-Key", Scenario.ANALYST).get("/journeys").then()
                .statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(j -> journey.equals(j.get("id"))).findFirst().orElseThrow();
    }

    @Test
    void theFatesOfTheMessagesAStepSentAreCountedOncePerMessageOnThatStep() {
        String journey = publish(io.omnijourney.journey.domain.Definitions.json("{'name':'welcome fates',"
                + "'trigger':{'events':['Fates Signed Up']},'steps':[{'id':'mail','type':'send','channel':'email',"
                + "'templateId':'welcome','category':'marketing','next':'text'},{'id':'text','type':'send',"
                + "'channel':'sms','templateId':'welcome-sms','category':'marketing'}]}"));
        List<String> pids = List.of(unique("f"), unique("f"));
        Map<String, ProfileSnapshot> people = new java.util.HashMap<>();
        for (String pid : pids) {
            people.put(pid, profile(pid + "@example.com", "+351914444444", Map.of()));
            sendTrack(kafka, pid, people.get(pid), unique("m"), "Fates Signed Up", Map.of(), t0);
        }
        await().atMost(WAIT).until(() -> pids.stream().allMatch(p -> requestsFor(requests, p).size() == 2));
        String ana = pids.get(0);
        String bo = pids.get(1);
        NotificationRequest anaMail = requestsFor(requests, ana).get(0);
        NotificationRequest anaSms = requestsFor(requests, ana).get(1);
        NotificationRequest boMail = requestsFor(requests, bo).get(0);

        // Ana's mail: delivered, opened twice (two click windows), clicked; her SMS delivered (Twilio's callback
        // delivered twice). Bo's mail bounced. The same events again, as a redelivery would bring them.
        for (int round = 0; round < 2; round++) {
            fate(ana, Channel.EMAIL, "Email Delivered", anaMail, "mail");
            fate(ana, Channel.EMAIL, "Email Opened", anaMail, "mail");
            fate(ana, Channel.EMAIL, "Email Opened", anaMail, "mail");
            fate(ana, Channel.EMAIL, "Email Clicked", anaMail, "mail");
            fate(ana, Channel.SMS, "SMS Delivered", anaSms, "text");
            fate(bo, Channel.EMAIL, "Email Bounced", boMail, "mail");
        }
        // Not counted: an open claimed by a web source (public write key), one naming a step the journey does not
        // have, and one that is no journey's request.
        sendTrack(kafka, bo, people.get(bo), unique("m"), "Email Opened", Map.of("requestId", boMail.requestId(),
                "journeyId", journey, "stepId", "mail"), t0);
        fate(bo, Channel.EMAIL, "Email Opened", boMail, "nosuchstep");
        send(bo, Channel.EMAIL, "Email Clicked", Map.of("requestId", "notification-123", "journeyId", journey,
                "stepId", "mail"));
        // Each person's last event: once counted, everything before it on that person's partition was handled.
        fate(ana, Channel.EMAIL, "Unsubscribed", anaMail, "mail");
        send(bo, Channel.EMAIL, "Email Delivered", Map.of("requestId", boMail.requestId(), "journeyId", journey,
                "stepId", "mail"));

        await().atMost(WAIT).untilAsserted(() -> {
            var stats = given().header("X-API-Key", Scenario.ANALYST).get("/journeys/" + journey + "/stats").then()
                    .statusCode(200).extract().jsonPath();
            String mail = "steps.find { it.stepId == 'mail' }.delivery.";
            assertThat(stats.getLong(mail + "sent")).isEqualTo(2);
            assertThat(stats.getLong(mail + "delivered")).isEqualTo(2);
            assertThat(stats.getLong(mail + "unsubscribed")).isEqualTo(1);
            assertThat(stats.getLong(mail + "opened")).isEqualTo(1);
            assertThat(stats.getLong(mail + "clicked")).isEqualTo(1);
            assertThat(stats.getLong(mail + "bounced")).isEqualTo(1);
            assertThat(stats.getDouble(mail + "openRate")).isEqualTo(0.5);
            String text = "steps.find { it.stepId == 'text' }.delivery.";
            assertThat(stats.getLong(text + "sent")).isEqualTo(2);
            assertThat(stats.getLong(text + "delivered")).isEqualTo(1);
            assertThat(stats.getLong(text + "opened")).isZero();
            assertThat(stats.getLong("delivery.sent")).isEqualTo(4);
            assertThat(stats.getLong("delivery.delivered")).isEqualTo(3);
            assertThat(stats.getLong("delivery.opened")).isEqualTo(1);
            assertThat(stats.getLong("delivery.bounced")).isEqualTo(1);
        });
    }

    /** A delivery or engagement event about {@code request}, as a provider webhook or notification-service reports it. */
    private void fate(String pid, Channel channel, String event, NotificationRequest request, String stepId) {
        send(pid, channel, event, Map.of("requestId", request.requestId(), "journeyId", request.journeyId(),
                "stepId", stepId));
    }

    private void send(String pid, Channel channel, String event, Map<String, Object> properties) {
        TouchpointEvent touchpoint = io.omnijourney.contract.touchpoint.TouchpointEventBuilder
                .of(io.omnijourney.contract.touchpoint.EventType.TRACK).messageId(unique("fate")).event(event)
                .userId("u").properties(properties).channel(channel).sourceId("provider").timestamp(t0)
                .receivedAt(t0).build();
        Scenario.send(kafka, ProfileEvent.touchpoint(pid, touchpoint, profile(pid + "@example.com", null, Map.of())));
    }

    @Test
    void aReplyToTheConfirmationSmsDecidesTheNextStep() {
        String journey = publish(io.omnijourney.journey.domain.Definitions.json("{'name':'appointment',"
                + "'trigger':{'events':['Appointment Booked']},'steps':["
                + "{'id':'ask','type':'send','channel':'sms','templateId':'appointment-ask','category':'transactional',"
                + "'next':'reply'},{'id':'reply','type':'wait_for_reply','timeout':'PT24H','replies':["
                + "{'keywords':['yes','sim'],'next':'confirmed'},{'keywords':['no'],'next':'cancelled'}],"
                + "'otherwise':'cancelled','timedOut':'cancelled'},"
                + "{'id':'confirmed','type':'send','channel':'sms','templateId':'appointment-confirmed',"
                + "'category':'transactional'},{'id':'cancelled','type':'exit'}]}"));
        String pid = unique("r");
        ProfileSnapshot rita = profile(pid + "@example.com", "+351913333333", Map.of("firstName", "Rita"));
        sendTrack(kafka, pid, rita, unique("m"), "Appointment Booked", Map.of("slot", "10:30"), t0);
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 1);
        awaitInstance(journey, pid, i -> i.waitKind == JourneyInstance.WaitKind.EVENT);

        sendTrack(kafka, pid, rita, unique("m"), "SMS Received", Map.of("body", " Sim! "), t0.plusSeconds(120));
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 2);
        assertThat(requestsFor(requests, pid).get(1).templateId()).isEqualTo("appointment-confirmed");
        JourneyInstance done = awaitInstance(journey, pid, i -> i.status == JourneyInstance.Status.COMPLETED);
        assertThat(done.path).extracting(JourneyInstance.PathEntry::outcome).containsSubsequence("received",
                "condition:0");
    }

    @Test
    void aWhatsAppReplyMatchingAPatternDecidesTheNextStepAndAnSmsMessageIsNoReply() {
        String journey = publish(io.omnijourney.journey.domain.Definitions.json("{'name':'delivery-slot',"
                + "'trigger':{'events':['Order Shipped']},'steps':["
                + "{'id':'ask','type':'send','channel':'whatsapp','fallback':['sms'],'templateId':'slot-ask',"
                + "'category':'transactional','next':'reply'},"
                + "{'id':'reply','type':'wait_for_reply','channel':'whatsapp','timeout':'PT24H','replies':["
                + "{'pattern':'^\\\\s*[1-3]\\\\s*$','next':'booked'},{'keywords':['stop'],'next':'done'}],"
                + "'otherwise':'done','timedOut':'done'},"
                + "{'id':'booked','type':'send','channel':'whatsapp','templateId':'slot-booked',"
                + "'category':'transactional'},{'id':'done','type':'exit'}]}"));
        String pid = unique("w");
        ProfileSnapshot rui = profile(pid + "@example.com", "+351914444444", Map.of("firstName", "Rui"));
        sendTrack(kafka, pid, rui, unique("m"), "Order Shipped", Map.of("order_id", "o-1"), t0);
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 1);
        assertThat(requestsFor(requests, pid).get(0).channels()).containsExactly(
                io.omnijourney.contract.touchpoint.Channel.WHATSAPP, io.omnijourney.contract.touchpoint.Channel.SMS);
        awaitInstance(journey, pid, i -> i.waitKind == JourneyInstance.WaitKind.EVENT);

        sendTrack(kafka, pid, rui, unique("m"), "SMS Received", Map.of("body", "stop"), t0.plusSeconds(60));
        sendTrack(kafka, pid, rui, unique("m"), "WhatsApp Received", Map.of("body", " 2 "), t0.plusSeconds(120));
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 2);
        assertThat(requestsFor(requests, pid).get(1).templateId()).isEqualTo("slot-booked");
        JourneyInstance done = awaitInstance(journey, pid, i -> i.status == JourneyInstance.Status.COMPLETED);
        assertThat(done.path).extracting(JourneyInstance.PathEntry::outcome).containsSubsequence("received",
                "condition:0");
    }

    @Test
    void aTimerStoredWithoutHintByThePreviousVersionFiresAfterTheStartUpPass() {
        String journey = publish(ExampleJourneys.read("abandoned-checkout").deepCopy());
        String pid = unique("p");
        sendTrack(kafka, pid, profile(pid + "@example.com", "+351912222222", Map.of()), unique("m"),
                "Checkout Started", Map.of("checkout_id", "c-9", "total", 20L), t0);
        JourneyInstance waiting = awaitInstance(journey, pid, i -> i.waitKind == JourneyInstance.WaitKind.EVENT);
        com.mongodb.client.MongoCollection<org.bson.Document> hints = database.getCollection("hints");
        assertThat(hints.find(new org.bson.Document("_id", "t:" + waiting.id)).first()).as("hinted").isNotNull();
        // As the previous version stored it: no hint, and the start-up pass has not run on this data yet.
        jobs.scheduler().stop();
        hints.deleteOne(new org.bson.Document("_id", "t:" + waiting.id));

        clock.advance(Duration.ofMinutes(61));
        jobs.scheduler().fireAllDue();
        assertThat(instances.find(waiting.id).orElseThrow().instance().waitKind).as("the hints are the index")
                .isEqualTo(JourneyInstance.WaitKind.EVENT);

        assertThat(new io.omnijourney.kit.mongo.MigrationRunner(database, java.time.Clock.systemUTC(),
                io.omnijourney.kit.mongo.MigrationRunner.Settings.DEFAULTS).run(java.util.List.of(
                        new io.omnijourney.kit.mongo.Migration("test-timer-outbox-hints-again", "the pass again",
                                io.omnijourney.journey.adapter.mongo.TimerOutboxHints.pass(
                                        io.omnijourney.journey.adapter.mongo.LocalServerWorkarounds.ON))))
                .applied()).hasSize(1);
        jobs.scheduler().start();
        NotificationRequest email = decodeOne(requests.awaitRecords(1, WAIT), pid);
        assertThat(email.templateId()).isEqualTo("checkout-reminder-email");
        awaitInstance(journey, pid, i -> i.stepId.equals("wait-24h"));
    }

    @Test
    void abandonedCheckoutWithPurchaseInTimeSendsNothing() {
        String journey = publish(ExampleJourneys.read("abandoned-checkout").deepCopy());
        String pid = unique("p");
        ProfileSnapshot ana = profile(pid + "@example.com", null, Map.of());
        sendTrack(kafka, pid, ana, unique("m"), "Checkout Started", Map.of("checkout_id", "c-7"), t0);
        awaitInstance(journey, pid, i -> i.waitKind == JourneyInstance.WaitKind.EVENT);
        clock.advance(Duration.ofMinutes(20));
        sendTrack(kafka, pid, ana, unique("m"), "Order Completed", Map.of("checkout_id", "c-7"),
                clock.instant());
        JourneyInstance done = awaitInstance(journey, pid, i -> !i.active());
        assertThat(done.exitReason).isEqualTo("exit_criteria");
        assertThat(done.convertedAt).isNotNull();

        clock.advance(Duration.ofDays(2));
        requests.assertNoMoreWithin(Duration.ofSeconds(1));
        assertThat(requestsFor(requests, pid)).isEmpty();
    }

    @Test
    void purchaseDuringTheDayLongWaitExitsBeforeTheSms() {
        String journey = publish(ExampleJourneys.read("abandoned-checkout").deepCopy());
        String pid = unique("p");
        ProfileSnapshot ana = profile(pid + "@example.com", "+351912222222", Map.of());
        sendTrack(kafka, pid, ana, unique("m"), "Checkout Started", Map.of("checkout_id", "c-9"), t0);
        awaitInstance(journey, pid, i -> i.waitKind == JourneyInstance.WaitKind.EVENT);
        clock.advance(Duration.ofMinutes(61));
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 1);
        awaitInstance(journey, pid, i -> i.waitKind == JourneyInstance.WaitKind.TIMER);

        clock.advance(Duration.ofHours(3));
        sendTrack(kafka, pid, ana, unique("m"), "Order Completed", Map.of("checkout_id", "c-9"), clock.instant());
        JourneyInstance exited = awaitInstance(journey, pid, i -> !i.active());
        assertThat(exited.exitReason).isEqualTo("exit_criteria");
        assertThat(exited.stepId).isEqualTo("wait-24h");

        clock.advance(Duration.ofHours(30));
        requests.assertNoMoreWithin(Duration.ofSeconds(1));
        assertThat(requestsFor(requests, pid)).extracting(NotificationRequest::templateId)
                .containsExactly("checkout-reminder-email");
    }

    @Test
    void aDuplicateTriggeringEventStartsOneInstance() {
        String journey = publish(ExampleJourneys.read("order-shipped-sms").deepCopy());
        String pid = unique("p");
        ProfileSnapshot bo = profile(pid + "@example.com", "+351913333333", Map.of());
        String messageId = unique("m");
        sendTrack(kafka, pid, bo, messageId, "Order Shipped", Map.of("order_id", "o-1"), t0);
        sendTrack(kafka, pid, bo, messageId, "Order Shipped", Map.of("order_id", "o-1"), t0);
        sendTrack(kafka, pid, bo, unique("m"), "Product Viewed", Map.of(), t0);
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() >= 1);
        requests.assertNoMoreWithin(Duration.ofSeconds(1));
        assertThat(requestsFor(requests, pid)).singleElement().satisfies(r -> {
            assertThat(r.templateId()).isEqualTo("order-shipped-sms");
            assertThat(r.category().wireName()).isEqualTo("transactional");
            assertThat(r.channels()).containsExactly(Channel.SMS, Channel.EMAIL);
        });
        assertThat(instancesOf(journey, pid)).hasSize(1);
    }

    @Test
    void reentryRulesDecideWhetherAProfileEntersAgain() {
        ObjectNode never = Scenario.journeyJson("never", "PT0S", unique("Never Event"));
        ObjectNode afterExit = Scenario.journeyJson("after_exit", "PT0S", unique("After Exit Event"));
        ObjectNode cooldown = Scenario.journeyJson("always", "PT2H", unique("Cooldown Event"));
        String neverId = publish(never);
        String afterExitId = publish(afterExit);
        String cooldownId = publish(cooldown);
        String pid = unique("p");
        ProfileSnapshot p = profile(pid + "@example.com", null, Map.of());
        String neverEvent = never.get("trigger").get("events").get(0).asText();
        String afterExitEvent = afterExit.get("trigger").get("events").get(0).asText();
        String cooldownEvent = cooldown.get("trigger").get("events").get(0).asText();

        for (String event : List.of(neverEvent, afterExitEvent, cooldownEvent)) {
            sendTrack(kafka, pid, p, unique("m"), event, Map.of(), clock.instant());
        }
        awaitInstance(cooldownId, pid, i -> true);
        awaitInstance(afterExitId, pid, i -> true);
        awaitInstance(neverId, pid, i -> true);
        // While the first instances wait (1 h), a second event of each kind:
        for (String event : List.of(neverEvent, afterExitEvent, cooldownEvent)) {
            sendTrack(kafka, pid, p, unique("m"), event, Map.of(), clock.instant());
        }
        awaitProcessed(unique("m"), pid, p);
        assertThat(instancesOf(afterExitId, pid)).as("after_exit: not while active").hasSize(1);
        assertThat(instancesOf(cooldownId, pid)).as("always, but within the cooldown").hasSize(1);

        clock.advance(Duration.ofHours(3));
        await().atMost(WAIT).until(() -> instancesOf(afterExitId, pid).stream().noneMatch(JourneyInstance::active)
                && instancesOf(neverId, pid).stream().noneMatch(JourneyInstance::active));
        for (String event : List.of(neverEvent, afterExitEvent, cooldownEvent)) {
            sendTrack(kafka, pid, p, unique("m"), event, Map.of(), clock.instant());
        }
        await().atMost(WAIT).until(() -> instancesOf(afterExitId, pid).size() == 2
                && instancesOf(cooldownId, pid).size() == 2);
        awaitProcessed(unique("m"), pid, p);
        assertThat(instancesOf(neverId, pid)).as("never: once per profile").hasSize(1);
    }

    /** Events of one profile are processed in order: once a later marker event is seen, earlier ones were too. */
    private void awaitProcessed(String markerId, String pid, ProfileSnapshot p) {
        String probeJourney = publish(Scenario.journeyJson("always", "PT0S", "Marker " + markerId));
        sendTrack(kafka, pid, p, markerId, "Marker " + markerId, Map.of(), clock.instant());
        awaitInstance(probeJourney, pid, i -> true);
    }

    @Test
    void quietHoursDeferASendUntilTheWindowEndsInTheProfilesZone() {
        ObjectNode definition = io.omnijourney.journey.domain.Definitions.json("{'name':'quiet','trigger':{'events':"
                + "['Quiet Test']},'quietHours':{'start':'21:00','end':'08:00'},'steps':[{'id':'mail','type':'send',"
                + "'channel':'email','templateId':'quiet-mail'}]}");
        String journey = publish(definition);
        // 23:00 in Tokyo is 14:00 UTC.
        Instant evening = clock.moveTo(t0.atZone(java.time.ZoneOffset.UTC).plusDays(1).withHour(14)
                .truncatedTo(java.time.temporal.ChronoUnit.HOURS).toInstant());
        String pid = unique("p");
        ProfileSnapshot p = profile(pid + "@example.com", null, Map.of("timezone", "Asia/Tokyo"));
        sendTrack(kafka, pid, p, unique("m"), "Quiet Test", Map.of(), evening);
        JourneyInstance deferred = awaitInstance(journey, pid, i -> i.waitKind == JourneyInstance.WaitKind.QUIET_HOURS);
        assertThat(deferred.dueAt).isEqualTo(evening.plus(Duration.ofHours(9))); // 08:00 Tokyo = 23:00 UTC
        clock.advance(Duration.ofHours(8));
        requests.assertNoMoreWithin(Duration.ofMillis(500));
        assertThat(requestsFor(requests, pid)).isEmpty();
        clock.advance(Duration.ofHours(1));
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 1);
        assertThat(requestsFor(requests, pid).get(0).requestedAt()).isEqualTo(evening.plus(Duration.ofHours(9)));
    }

    @Test
    void frequencyCapLimitsSendsPerProfileAcrossInstances() {
        ObjectNode definition = io.omnijourney.journey.domain.Definitions.json("{'name':'capped','trigger':{'events':"
                + "['Capped Test']},'entry':{'reentry':'always'},'frequencyCap':{'maxSends':2,'per':'P1D'},"
                + "'steps':[{'id':'mail','type':'send','channel':'email','templateId':'capped-mail'}]}");
        String journey = publish(definition);
        String pid = unique("p");
        ProfileSnapshot p = profile(pid + "@example.com", null, Map.of());
        for (int i = 0; i < 4; i++) {
            sendTrack(kafka, pid, p, unique("m"), "Capped Test", Map.of(), clock.instant());
        }
        await().atMost(WAIT).until(() -> instancesOf(journey, pid).size() == 4);
        assertThat(requestsFor(requests, pid)).hasSizeLessThanOrEqualTo(2);
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 2);
        assertThat(instancesOf(journey, pid).stream().flatMap(i -> i.path.stream())
                .filter(e -> e.outcome().equals("skipped_frequency_cap")).count()).isEqualTo(2);
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        sendTrack(kafka, pid, p, unique("m"), "Capped Test", Map.of(), clock.instant());
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 3);
    }

    @Test
    void aTimerSurvivesARestartAndFiresOnceWhileSeveralSchedulersCompete() {
        ObjectNode definition = io.omnijourney.journey.domain.Definitions.json("{'name':'timer','trigger':{'events':"
                + "['Timer Test']},'entry':{'reentry':'always'},'steps':[{'id':'w','type':'wait','duration':'PT1H',"
                + "'next':'mail'},{'id':'mail','type':'send','channel':'email','templateId':'timer-mail',"
                + "'category':'transactional'}]}");
        String journey = publish(definition);
        List<String> pids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String pid = unique("p");
            pids.add(pid);
            sendTrack(kafka, pid, profile(pid + "@example.com", null, Map.of()), unique("m"), "Timer Test",
                    Map.of(), clock.instant());
        }
        await().atMost(WAIT).until(() -> pids.stream().allMatch(pid -> instancesOf(journey, pid).size() == 1));

        jobs.scheduler().stop(); // the service goes down
        clock.advance(Duration.ofHours(2));
        // A process that died right after claiming one timer: its lease must run out before anyone fires it.
        JourneyInstance orphan = instances.claimDue(clock.instant(), "dead-process",
                clock.instant().plus(Duration.ofSeconds(30))).orElseThrow().instance();
        TimerScheduler second = new TimerScheduler("second-service", instances, runtime, flusher, clock,
                Duration.ofSeconds(30), Duration.ofMillis(20), 3);
        try {
            second.start();
            jobs.scheduler().start(); // the service is back
            await().atMost(WAIT).until(() -> pids.stream().map(pid -> requestsFor(requests, pid).size())
                    .mapToInt(Integer::intValue).sum() == 11);
            assertThat(requestsFor(requests, orphan.profileId)).as("leased by the dead process").isEmpty();
            clock.advance(Duration.ofSeconds(31));
            await().atMost(WAIT).until(() -> requestsFor(requests, orphan.profileId).size() == 1);
            requests.assertNoMoreWithin(Duration.ofSeconds(1));
        } finally {
            second.stop();
        }
        Map<String, Long> perRequestId = pids.stream().flatMap(pid -> requestsFor(requests, pid).stream())
                .collect(Collectors.groupingBy(NotificationRequest::requestId, Collectors.counting()));
        assertThat(perRequestId).hasSize(12).allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));
        assertThat(pids).allSatisfy(pid -> assertThat(instancesOf(journey, pid)).singleElement().satisfies(i -> {
            assertThat(i.status).isEqualTo(JourneyInstance.Status.COMPLETED);
            assertThat(i.path).filteredOn(e -> e.outcome().equals("waited")).hasSize(1);
        }));
    }

    @Test
    void aMergeMovesInstancesToTheSurvivorWithoutDuplicates() {
        String journey = publish(ExampleJourneys.read("abandoned-checkout").deepCopy());
        String loser = unique("loser");
        String survivor = unique("survivor");
        ProfileSnapshot p = profile(survivor + "@example.com", null, Map.of());
        sendTrack(kafka, loser, p, unique("m"), "Checkout Started", Map.of("checkout_id", "c-L"), clock.instant());
        sendTrack(kafka, survivor, p, unique("m"), "Checkout Started", Map.of("checkout_id", "c-S"), clock.instant());
        awaitInstance(journey, loser, JourneyInstance::active);
        awaitInstance(journey, survivor, JourneyInstance::active);

        Scenario.send(kafka, ProfileEvent.merged(loser, survivor, unique("m"), clock.instant()));
        await().atMost(WAIT).until(() -> instancesOf(journey, loser).isEmpty()
                && instancesOf(journey, survivor).size() == 2);
        List<JourneyInstance> moved = instancesOf(journey, survivor);
        assertThat(moved).filteredOn(JourneyInstance::active).hasSize(1);
        assertThat(moved).filteredOn(i -> "merged_duplicate".equals(i.exitReason)).hasSize(1);
        assertThat(profiles.load(List.of(loser))).as("the loser's document is deleted").isEmpty();
        assertThat(listed(survivor)).as("the survivor's document lists exactly what is stored for it")
                .containsExactlyInAnyOrderElementsOf(stored(survivor)).hasSize(2);

        clock.advance(Duration.ofMinutes(61));
        await().atMost(WAIT).until(() -> requestsFor(requests, survivor).size() == 1);
        requests.assertNoMoreWithin(Duration.ofSeconds(1));
        assertThat(requestsFor(requests, loser)).isEmpty();
    }

    @Test
    void erasureCancelsInstancesAndRemovesPersonalData() {
        String journey = publish(ExampleJourneys.read("abandoned-checkout").deepCopy());
        String pid = unique("p");
        ProfileSnapshot p = profile(pid + "@example.com", null, Map.of("firstName", "Eve"));
        sendTrack(kafka, pid, p, unique("m"), "Checkout Started", Map.of("checkout_id", "c-E"), clock.instant());
        JourneyInstance waiting = awaitInstance(journey, pid, JourneyInstance::active);

        String erasureId = "er-" + pid;
        try (TopicProbe acks = kafka.probe(Topics.ERASURE_ACKS)) {
            Scenario.send(kafka, ProfileEvent.erased(pid, erasureId, clock.instant()));
            await().atMost(WAIT).until(() -> instancesOf(journey, pid).isEmpty());
            // Redelivered: purged again (nothing left), acknowledged again with the same ackId.
            Scenario.send(kafka, ProfileEvent.erased(pid, erasureId, clock.instant()));
            List<ErasureAck> acknowledged = acks.awaitRecords(2, WAIT).stream()
                    .map(r -> ContractJson.decode(r.value(), ErasureAck.class)).toList();
            assertThat(acknowledged).extracting(ErasureAck::ackId)
                    .containsExactly(erasureId + ":" + pid + ":journey-service",
                            erasureId + ":" + pid + ":journey-service");
            assertThat(acknowledged.get(0).service()).isEqualTo("journey-service");
            assertThat(acks.records().get(0).key()).isEqualTo(erasureId);
        }
        JourneyInstance scrubbed = instances.find(waiting.id).orElseThrow().instance();
        assertThat(scrubbed.status).isEqualTo(JourneyInstance.Status.EXITED);
        assertThat(scrubbed.exitReason).isEqualTo("erased");
        assertThat(scrubbed.profileId).isNull();
        assertThat(scrubbed.trigger.properties()).isEmpty();
        assertThat(scrubbed.dueAt).isNull();
        assertThat(profiles.load(List.of(pid))).as("the document and its listing are gone").isEmpty();
        assertThat(stored(pid)).isEmpty();

        clock.advance(Duration.ofDays(2));
        requests.assertNoMoreWithin(Duration.ofSeconds(1));
        assertThat(requestsFor(requests, pid)).isEmpty();
    }

    @Test
    void segmentEntryStartsTheWinBackJourneyAndTheTraitUpdateReachesTouchpoints() {
        String journey = publish(ExampleJourneys.read("win-back").deepCopy());
        String pid = unique("p");
        ProfileSnapshot p = profile(pid + "@example.com", null, Map.of());
        Instant noon = clock.moveTo(clock.instant().atZone(java.time.ZoneOffset.UTC).plusDays(1).withHour(12)
                .truncatedTo(java.time.temporal.ChronoUnit.HOURS).toInstant());
        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            sendTrack(kafka, pid, p, unique("m"), "Product Viewed", Map.of(), noon);
            Scenario.send(kafka, ProfileEvent.segmentChanged(pid, new ProfileEvent.SegmentChange("inactive-30-days",
                    "Inactive 30 days"), true, noon, 1));
            await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 1);
            assertThat(requestsFor(requests, pid).get(0).templateId()).isEqualTo("win-back-email");
            assertThat(requestsFor(requests, pid).get(0).variables()).containsEntry("discountPercent", 15L);
            TouchpointEvent identify = await().atMost(WAIT).until(() -> touchpoints.records().stream()
                    .map(r -> TouchpointCodec.decode(r.value())).filter(t -> t.traits() != null
                            && t.traits().containsKey("winBackStartedAt") && ("user-" + (pid + "@example.com")
                            .hashCode()).equals(t.userId())).findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(identify.channel()).isEqualTo(Channel.SYSTEM);
            assertThat(identify.type().wireName()).isEqualTo("identify");
        }
        assertThat(instancesOf(journey, pid)).singleElement()
                .satisfies(i -> assertThat(i.status).isEqualTo(JourneyInstance.Status.COMPLETED));
    }

    @Test
    void manualEnrollmentStartsTheJourneyOncePerEnrollmentId() {
        String journey = publish(ExampleJourneys.read("order-shipped-sms").deepCopy());
        String known = unique("p");
        sendTrack(kafka, known, profile(known + "@example.com", "+351914444444", Map.of()), unique("m"),
                "Product Viewed", Map.of(), clock.instant());
        await().atMost(WAIT).until(() -> runtimeSeesProfile(known));
        String body = "{\"profileIds\":[\"" + known + "\"],\"enrollmentId\":\"batch-1\"}";
        for (int attempt = 0; attempt < 2; attempt++) {
            given().header("X-API-Key", Scenario.MARKETER).contentType("application/json").body(body)
                    .post("/journeys/" + journey + "/enrollments").then().statusCode(200);
        }
        await().atMost(WAIT).until(() -> requestsFor(requests, known).size() == 1);
        requests.assertNoMoreWithin(Duration.ofMillis(500));
        assertThat(requestsFor(requests, known).get(0).profileVersion()).isEqualTo(Scenario.PROFILE_VERSION);

        String segment = unique("vip");
        String member = unique("p");
        ProfileSnapshot base = profile(member + "@example.com", "+351918888888", Map.of());
        ProfileSnapshot inSegment = new ProfileSnapshot(base.identifiers(), base.traits(), base.consent(),
                base.computed(), List.of(segment));
        sendTrack(kafka, member, inSegment, unique("m"), "Product Viewed", Map.of(), clock.instant());
        await().atMost(WAIT).until(() -> runtimeSeesProfile(member));
        given().header("X-API-Key", Scenario.MARKETER).contentType("application/json")
                .body("{\"segmentId\":\"" + segment + "\"}").post("/journeys/" + journey + "/enrollments").then()
                .statusCode(200).body("started", org.hamcrest.Matchers.equalTo(1))
                .body("outcomes['" + member + "']", org.hamcrest.Matchers.equalTo("started"));
        await().atMost(WAIT).until(() -> requestsFor(requests, member).size() == 1);
        given().header("X-API-Key", Scenario.MARKETER).contentType("application/json").body("{}")
                .post("/journeys/" + journey + "/enrollments").then().statusCode(400);
    }

    private boolean runtimeSeesProfile(String profileId) {
        return given().header("X-API-Key", Scenario.MARKETER).contentType("application/json")
                .body("{\"event\":{\"event\":\"Nothing\"},\"profileId\":\"" + profileId + "\"}")
                .post("/journeys/simulate").statusCode() == 200;
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextIsProcessed() {
        String journey = publish(ExampleJourneys.read("order-shipped-sms").deepCopy());
        String pid = unique("p");
        try (TopicProbe dlq = kafka.probe(Topics.PROFILE_EVENTS_DLQ)) {
            kafka.produce(Topics.PROFILE_EVENTS, pid, "{\"kind\":\"touchpoint\"}".getBytes());
            sendTrack(kafka, pid, profile(pid + "@example.com", "+351915555555", Map.of()), unique("m"),
                    "Order Shipped", Map.of(), clock.instant());
            var dead = dlq.awaitRecords(1, WAIT).get(0);
            assertThat(TopicProbe.header(dead, "dead-letter-reason")).contains("not a ProfileEvent");
            await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 1);
        }
        assertThat(instancesOf(journey, pid)).hasSize(1);
    }

    @Test
    void runningInstancesKeepTheVersionTheyEnteredAndPauseStopsNewEntries() {
        String event = unique("Versioned Event");
        ObjectNode v1 = io.omnijourney.journey.domain.Definitions.json("{'name':'versions','trigger':{'events':['"
                + event + "']},'entry':{'reentry':'always'},'steps':[{'id':'w','type':'wait','duration':'PT1H',"
                + "'next':'mail'},{'id':'mail','type':'send','channel':'email','templateId':'template-v1',"
                + "'category':'transactional'}]}");
        String journey = publish(v1);
        String early = unique("p");
        sendTrack(kafka, early, profile(early + "@example.com", null, Map.of()), unique("m"), event, Map.of(),
                clock.instant());
        awaitInstance(journey, early, JourneyInstance::active);

        ObjectNode v2 = v1.deepCopy();
        ((ObjectNode) v2.get("steps").get(1)).put("templateId", "template-v2");
        given().header("X-API-Key", Scenario.MARKETER).contentType("application/json").body(v2.toString())
                .put("/journeys/" + journey).then().statusCode(200);
        given().header("X-API-Key", Scenario.MARKETER).post("/journeys/" + journey + "/publish").then()
                .statusCode(200);
        String late = unique("p");
        sendTrack(kafka, late, profile(late + "@example.com", null, Map.of()), unique("m"), event, Map.of(),
                clock.instant());
        assertThat(awaitInstance(journey, late, JourneyInstance::active).version).isEqualTo(2);

        given().header("X-API-Key", Scenario.MARKETER).post("/journeys/" + journey + "/pause").then()
                .statusCode(200);
        String paused = unique("p");
        ProfileSnapshot pausedProfile = profile(paused + "@example.com", null, Map.of());
        sendTrack(kafka, paused, pausedProfile, unique("m"), event, Map.of(), clock.instant());
        clock.advance(Duration.ofMinutes(61));
        await().atMost(WAIT).until(() -> requestsFor(requests, early).size() == 1
                && requestsFor(requests, late).size() == 1);
        assertThat(requestsFor(requests, early).get(0).templateId()).isEqualTo("template-v1");
        assertThat(requestsFor(requests, early).get(0).journeyVersion()).isEqualTo(1);
        assertThat(requestsFor(requests, late).get(0).templateId()).isEqualTo("template-v2");
        assertThat(instancesOf(journey, paused)).as("paused: no new entries").isEmpty();

        given().header("X-API-Key", Scenario.MARKETER).post("/journeys/" + journey + "/resume").then()
                .statusCode(200);
        sendTrack(kafka, paused, pausedProfile, unique("m"), event, Map.of(), clock.instant());
        awaitInstance(journey, paused, JourneyInstance::active);
        await().atMost(WAIT).untilAsserted(() -> assertThat(inJourneyList(journey))
                .as("the list sums the entries of both versions").containsEntry("entered", 3));
    }

    @Test
    void archivingEndsWaitingInstancesAtTheirNextStep() {
        String journey = publish(ExampleJourneys.read("abandoned-checkout").deepCopy());
        String pid = unique("p");
        sendTrack(kafka, pid, profile(pid + "@example.com", null, Map.of()), unique("m"), "Checkout Started",
                Map.of("checkout_id", "c-A"), clock.instant());
        awaitInstance(journey, pid, JourneyInstance::active);
        Scenario.archive(journey);
        clock.advance(Duration.ofMinutes(61));
        JourneyInstance ended = awaitInstance(journey, pid, i -> !i.active());
        assertThat(ended.exitReason).isEqualTo("archived");
        requests.assertNoMoreWithin(Duration.ofMillis(500));
        assertThat(requestsFor(requests, pid)).isEmpty();
    }

    @Test
    void aCrashBetweenTheStateWriteAndThePublicationRepublishesTheSameRequestId() {
        String journey = publish(ExampleJourneys.read("order-shipped-sms").deepCopy());
        String pid = unique("p");
        ProfileSnapshot p = profile(pid + "@example.com", "+351916666666", Map.of());
        TouchpointEvent shipped = Scenario.track(unique("m"), "Order Shipped", Map.of("order_id", "o-9"),
                clock.instant());
        ProfileEvent event = ProfileEvent.touchpoint(pid, shipped, p);
        // The state is written with its outbox, then the process "dies" before publishing:
        List<io.omnijourney.journey.app.Pending> written = runtime.handle(event);
        assertThat(written).singleElement().satisfies(w -> assertThat(w.messages()).hasSize(1));
        String requestId = written.get(0).messages().get(0).id();
        assertThat(requestsFor(requests, pid)).isEmpty();

        // Redelivery of the same event publishes what is owed, under the same id, and starts nothing new.
        Scenario.send(kafka, event);
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 1);
        assertThat(requestsFor(requests, pid).get(0).requestId()).isEqualTo(requestId);
        await().atMost(WAIT).until(() -> instances.find(written.get(0).instanceId()).orElseThrow().outbox().isEmpty());
        assertThat(instancesOf(journey, pid)).hasSize(1);
    }

    @Test
    void theRelayPublishesOutboxesLeftBehindWithTheirOriginalIds() {
        String journey = publish(ExampleJourneys.read("order-shipped-sms").deepCopy());
        String pid = unique("p");
        ProfileEvent event = ProfileEvent.touchpoint(pid, Scenario.track(unique("m"), "Order Shipped", Map.of(),
                clock.instant()), profile(pid + "@example.com", "+351917777777", Map.of()));
        String requestId = runtime.handle(event).get(0).messages().get(0).id();
        clock.advance(Duration.ofMinutes(1));
        assertThat(relay.relay(Duration.ofSeconds(10))).isGreaterThanOrEqualTo(1);
        await().atMost(WAIT).until(() -> requestsFor(requests, pid).size() == 1);
        assertThat(requestsFor(requests, pid).get(0).requestId()).isEqualTo(requestId);
        assertThat(instancesOf(journey, pid)).singleElement().satisfies(i ->
                assertThat(instances.find(i.id).orElseThrow().outbox()).isEmpty());
        assertThat(relay.relay(Duration.ofSeconds(10))).isZero();
    }

    @Test
    void aPollCommittedButNotPublishedIsRedeliveredWithTheSameRequestIdsAndStartsNothingTwice() {
        String event = unique("Poll Event");
        String journey = publish(io.omnijourney.journey.domain.Definitions.json("{'name':'poll','trigger':{'events':['"
                + event + "']},'entry':{'reentry':'after_exit','cooldown':'PT1H'},'goal':{'event':'Order Completed',"
                + "'within':'P1D'},'steps':[{'id':'mail','type':'send','channel':'email','templateId':'t',"
                + "'category':'transactional'}]}"));
        List<ProfileEvent> poll = new ArrayList<>();
        List<String> pids = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            String pid = unique("p");
            pids.add(pid);
            ProfileSnapshot p = profile(pid + "@example.com", null, Map.of());
            poll.add(ProfileEvent.touchpoint(pid, Scenario.track(unique("m"), event, Map.of(), clock.instant()), p));
            poll.add(ProfileEvent.touchpoint(pid, Scenario.track(unique("m"), "Notification Sent", Map.of(),
                    clock.instant()), p));
        }
        // A poll handled and committed to MongoDB in one unit; the process "dies" before publishing.
        io.omnijourney.journey.app.UnitOfWork unit = runtime.deferredUnit();
        runtime.prefetch(poll, unit);
        Map<String, String> owed = new java.util.HashMap<>();
        for (ProfileEvent e : poll) {
            runtime.handle(e, unit).forEach(p -> p.messages().forEach(m -> owed.put(m.id(), m.key())));
        }
        unit.commit();
        assertThat(owed).hasSize(12);

        // Redelivered (twice over): the owed requests go out once each, under their ids; nothing starts again.
        poll.forEach(e -> Scenario.send(kafka, e));
        poll.forEach(e -> Scenario.send(kafka, e));
        await().atMost(WAIT).until(() -> pids.stream().mapToInt(pid -> requestsFor(requests, pid).size()).sum() >= 12);
        requests.assertNoMoreWithin(Duration.ofSeconds(1));
        Map<String, String> published = pids.stream().flatMap(pid -> requestsFor(requests, pid).stream())
                .collect(Collectors.toMap(NotificationRequest::requestId, NotificationRequest::profileId));
        assertThat(published).isEqualTo(owed);
        assertThat(pids).allSatisfy(pid -> {
            assertThat(instancesOf(journey, pid)).hasSize(1);
            assertThat(listed(pid)).containsExactlyInAnyOrderElementsOf(stored(pid)).hasSize(1);
        });
    }

    @Test
    void anInstanceListedButNeverInsertedDoesNotBlockItsOwnRedeliveredTrigger() {
        ObjectNode definition = Scenario.journeyJson("always", "PT2H", unique("Listed Event"));
        String journey = publish(definition);
        String event = definition.get("trigger").get("events").get(0).asText();
        String pid = unique("p");
        String messageId = unique("m");
        // The crash: listed in the profile's document (written first), the instance itself never inserted.
        JourneyInstance ghost = new JourneyInstance();
        ghost.id = io.omnijourney.journey.domain.RequestIds.instance(journey, pid, messageId);
        ghost.journeyId = journey;
        ghost.enteredAt = clock.instant();
        io.omnijourney.journey.app.UnitOfWork.immediate(instances, profiles).list(pid, ghost);

        sendTrack(kafka, pid, profile(pid + "@example.com", null, Map.of()), messageId, event, Map.of(),
                clock.instant());
        JourneyInstance started = awaitInstance(journey, pid, JourneyInstance::active);
        assertThat(started.id).isEqualTo(ghost.id);
        // And the cooldown still holds against it for another trigger.
        sendTrack(kafka, pid, profile(pid + "@example.com", null, Map.of()), unique("m"), event, Map.of(),
                clock.instant());
        awaitProcessed(unique("m"), pid, profile(pid + "@example.com", null, Map.of()));
        assertThat(instancesOf(journey, pid)).hasSize(1);
    }

    private List<String> listed(String profileId) {
        return profiles.load(List.of(profileId)).values().stream().flatMap(d -> d.live().keySet().stream())
                .toList();
    }

    /** Ground truth, by a query on profileId (a scan on the test server; fine in a test). */
    private List<String> stored(String profileId) {
        List<String> ids = new ArrayList<>();
        database.getCollection("instances").find(new org.bson.Document("profileId", profileId))
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    static NotificationRequest decodeOne(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records,
            String pid) {
        return records.stream().filter(r -> pid.equals(r.key())).map(r -> ContractJson.decode(r.value(),
                NotificationRequest.class)).findFirst().orElseThrow();
    }
}
