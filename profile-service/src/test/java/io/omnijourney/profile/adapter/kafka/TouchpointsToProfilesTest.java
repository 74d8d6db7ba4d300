package io.omnijourney.profile.adapter.kafka;

import static io.omnijourney.testsupport.TopicProbe.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.ANALYST_KEY;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.call;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.lookup;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.timeline;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.track;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileEventKind;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Touchpoints from four channels, through Kafka and MongoDB, into one profile; poison to the dead-letter topic. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.TOUCHPOINTS + ":3," + Topics.TOUCHPOINTS_DLQ + ":1," + Topics.PROFILE_EVENTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class TouchpointsToProfilesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static KafkaTestClient kafka;

    @BeforeAll
    static void setUp() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void omnichannelTouchpointsBecomeOneProfileAndArePublished() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String anonymousId = "anon-" + run;
        String userId = "user-" + run;
        String email = "ana." + run + "@example.com";
        String phone = "+35191" + (1_000_000 + Math.abs(run.hashCode() % 8_000_000));
        try (TopicProbe profileEvents = kafka.probe(Topics.PROFILE_EVENTS)) {
            produce(call(EventType.SCREEN).anonymousId(anonymousId).name("Trail Shoe")
                    .channel(Channel.MOBILE).timestamp(T0), anonymousId);
            produce(call(EventType.IDENTIFY).userId(userId).anonymousId(anonymousId)
                    .traits(Map.of("email", email, "phone", phone, "firstName", "Ana"))
                    .channel(Channel.WEB).timestamp(T0.plusSeconds(60)), userId);
            TouchpointEventBuilder order = track("Order Completed")
                    .context(Map.of("traits", Map.of("email", email)))
                    .properties(Map.of("order_id", "o-" + run, "revenue", 89.9))
                    .channel(Channel.STORE).timestamp(T0.plusSeconds(3600));
            String orderId = produce(order, "email:" + email);
            assertThat(produce(order, "email:" + email)).as("a redelivery of the same event").isEqualTo(orderId);
            produce(track("SMS Received")
                    .context(Map.of("traits", Map.of("phone", phone))).properties(Map.of("body", "Thanks!"))
                    .channel(Channel.SMS).timestamp(T0.plusSeconds(7200)), "phone:" + phone);

            ValidatableResponse profile = await().atMost(WAIT).until(() -> lookup("email:" + email),
                    r -> r.extract().statusCode() == 200
                            && r.extract().jsonPath().getList("profile.identifiers.phone") != null
                            && ((Number) r.extract().path("profile.computed.orderCount")).longValue() == 1);

            profile.body("profile.identifiers.userId", equalTo(List.of(userId)))
                    .body("profile.identifiers.anonymousId", equalTo(List.of(anonymousId)))
                    .body("profile.identifiers.email", equalTo(List.of(email)))
                    .body("profile.identifiers.phone", equalTo(List.of(phone)))
                    .body("profile.traits.firstName", equalTo("Ana"));
            String profileId = profile.extract().path("id");
            lookup("phone:" + phone).statusCode(200).body("id", equalTo(profileId));
            lookup("anonymousId:" + anonymousId).statusCode(200).body("id", equalTo(profileId));

            await().atMost(WAIT).untilAsserted(() -> timeline(profileId, Map.of()).statusCode(200)
                    .body("items.channel", equalTo(List.of("sms", "store", "web", "mobile"))));
            timeline(profileId, Map.of("channel", "store")).body("items.event", equalTo(List.of("Order Completed")));
            String cursor = timeline(profileId, Map.of("limit", 2)).body("items.channel", equalTo(List.of("sms", "store")))
                    .extract().path("nextBefore");
            timeline(profileId, Map.of("limit", 2, "before", cursor))
                    .body("items.channel", equalTo(List.of("web", "mobile")));

            List<ProfileEvent> published = await().atMost(WAIT).until(() -> profileEvents.records().stream()
                    .map(r -> ContractJson.decode(r.value(), ProfileEvent.class)).toList(), list -> list.stream()
                    .filter(e -> e.kind() == ProfileEventKind.TOUCHPOINT).map(ProfileEvent::eventId).distinct()
                    .count() >= 4);
            assertThat(published).filteredOn(e -> e.touchpoint() != null && "SMS Received".equals(e.touchpoint().event()))
                    .allSatisfy(e -> {
                        assertThat(e.profileId()).isEqualTo(profileId);
                        assertThat(e.profile().identifiers()).containsKeys("userId", "email", "phone", "anonymousId");
                    });
            // Each snapshot carries a version that orders the profile's states (consumers keeping a copy compare
            // against it): higher with every event, also for events applied in one poll before one write.
            List<Long> versions = published.stream().filter(e -> e.kind() == ProfileEventKind.TOUCHPOINT
                    && profileId.equals(e.profileId())).collect(java.util.stream.Collectors.toMap(
                            ProfileEvent::eventId, e -> e.profile().version(), (first, again) -> first,
                            java.util.LinkedHashMap::new)).values().stream().toList();
            assertThat(versions).hasSizeGreaterThanOrEqualTo(4).doesNotContainNull().isSorted()
                    .doesNotHaveDuplicates();
            assertThat(profileEvents.records()).allSatisfy(r -> assertThat(header(r, "ce_subject")).isEqualTo(r.key()));
        }
    }

    @Test
    void aNationalNumberFromTheStoreIsReadInTheDefaultRegionAndFoundEitherWay() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String digits = String.valueOf(1_000_000 + Math.abs(run.hashCode() % 8_000_000));
        String national = "91" + digits.substring(0, 1) + " " + digits.substring(1, 4) + " " + digits.substring(4);
        String e164 = "+35191" + digits;
        produce(track("Order Completed").context(Map.of("traits", Map.of("phone", national)))
                .properties(Map.of("order_id", "o-" + run, "store_id", "lisbon-1")).channel(Channel.STORE)
                .timestamp(T0), "phone:" + national);
        String profileId = await().atMost(WAIT).until(() -> lookup("phone:" + e164),
                r -> r.extract().statusCode() == 200).body("profile.identifiers.phone", equalTo(List.of(e164)))
                .extract().path("id");
        lookup("phone:" + national).statusCode(200).body("id", equalTo(profileId));
        lookup("phone:0" + national).statusCode(400).body("details[0].field", equalTo("identifier"));

        // She calls: the IVR asks who it is by the number it sees, national or international.
        produce(call(EventType.IDENTIFY).userId("u-" + run).traits(Map.of("phone", e164, "firstName", "Ana",
                "lastName", "Silva", "email", "ana." + run + "@example.com")).channel(Channel.WEB)
                .timestamp(T0.plusSeconds(60)), "phone:" + e164);
        produce(track("Survey Responded").userId("u-" + run).properties(Map.of("nps", 9)).channel(Channel.CALL_CENTER)
                .timestamp(T0.plusSeconds(120)), "userId:u-" + run);
        await().atMost(WAIT).untilAsserted(() -> given().header("X-API-Key", ANALYST_KEY)
                .queryParam("identifier", "phone:" + national).get("/profiles/summary").then().statusCode(200)
                .body("profileId", equalTo(profileId)).body("name", equalTo("Ana Silva"))
                .body("identifiers.phone", equalTo(List.of(e164)))
                .body("identifiers.userId", equalTo(List.of("u-" + run)))
                .body("orderCount", equalTo(1)).body("lastOrders.orderId", equalTo(List.of("o-" + run)))
                .body("lastOrders[0].storeId", equalTo("lisbon-1")).body("lastOrders[0].channel", equalTo("store"))
                .body("lastScores.nps", equalTo(9)).body("lastChannel", equalTo("call_center")));
        given().header("X-API-Key", ANALYST_KEY).queryParam("identifier", "phone:+351919999999")
                .get("/profiles/summary").then().statusCode(404);
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndTheNextRecordIsProcessed() {
        String userId = "user-" + UUID.randomUUID();
        try (TopicProbe dlq = kafka.probe(Topics.TOUCHPOINTS_DLQ)) {
            kafka.produce(Topics.TOUCHPOINTS, "poison", "{not json".getBytes(), Map.of("ce_id", "poison-1"));
            produce(call(EventType.IDENTIFY).userId(userId).traits(Map.of("firstName", "Rui"))
                    .channel(Channel.CALL_CENTER).timestamp(T0), userId);

            ConsumerRecord<String, byte[]> dead = dlq.awaitRecords(1, WAIT).get(0);
            assertThat(header(dead, "dead-letter-reason")).contains("not a touchpoint");
            assertThat(header(dead, "ce_id")).isEqualTo("poison-1");
            assertThat(new String(dead.value())).isEqualTo("{not json");
            await().atMost(WAIT).untilAsserted(() -> lookup("userId:" + userId).statusCode(200)
                    .body("profile.traits.firstName", equalTo("Rui")));
        }
    }

    @Test
    void erasureRemovesEverythingPublishesItAndBlocksRecreation() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String email = "erase." + run + "@example.com";
        String key = "email:" + email;
        produce(call(EventType.IDENTIFY).userId("erase-" + run).traits(Map.of("email", email, "firstName", "Eva"))
                .channel(Channel.WEB).timestamp(T0), key);
        produce(track("Product Viewed").context(Map.of("traits", Map.of("email", email))).channel(Channel.WEB)
                .timestamp(T0.plusSeconds(5)), key);
        String profileId = await().atMost(WAIT).until(() -> lookup(key), r -> r.extract().statusCode() == 200)
                .extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> timeline(profileId, Map.of()).body("items.size()", equalTo(2)));

        try (TopicProbe profileEvents = kafka.probe(Topics.PROFILE_EVENTS)) {
            given().header("X-API-Key", ANALYST_KEY).delete("/profiles/" + profileId).then().statusCode(403);
            String erasureId = given().header("X-API-Key", "test-admin-key").delete("/profiles/" + profileId).then()
                    .statusCode(202).body("profileIds", equalTo(List.of(profileId))).extract().path("erasureId");

            given().header("X-API-Key", ANALYST_KEY).get("/profiles/" + profileId).then().statusCode(404);
            lookup(key).statusCode(404);
            ProfileEvent erased = ContractJson.decode(profileEvents.awaitRecords(1, WAIT).get(0).value(),
                    ProfileEvent.class);
            assertThat(erased.kind()).isEqualTo(ProfileEventKind.PROFILE_ERASED);
            assertThat(erased.profileId()).isEqualTo(profileId);
            assertThat(erased.erasure().erasureId()).isEqualTo(erasureId);
        }

        // A new event for the erased email, then a marker on the same partition: once the marker is applied, the
        // erased person's event has been seen, and it must not have brought them back.
        produce(track("Email Opened").context(Map.of("traits", Map.of("email", email))).channel(Channel.EMAIL)
                .timestamp(T0.plusSeconds(60)), key);
        String marker = "marker-" + run;
        produce(call(EventType.IDENTIFY).userId(marker).channel(Channel.WEB).timestamp(T0.plusSeconds(61)), key);
        await().atMost(WAIT).untilAsserted(() -> lookup("userId:" + marker).statusCode(200));
        lookup(key).statusCode(404);
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).containsPattern("omnijourney_profile_events_suppressed_total [1-9]");
    }

    @Test
    void cxMetricsComeFromSurveyAnswersInTheWindowAndChannel() {
        Instant day = Instant.parse("2026-10-01T00:00:00Z");
        String run = UUID.randomUUID().toString().substring(0, 8);
        Object[][] answers = {{10L, Channel.CALL_CENTER}, {9L, Channel.CALL_CENTER}, {2L, Channel.CALL_CENTER},
            {0L, Channel.EMAIL}};
        for (int i = 0; i < answers.length; i++) {
            String user = "survey-" + run + "-" + i;
            Map<String, Object> properties = new java.util.HashMap<>(Map.of("nps", answers[i][0], "csat", 4L));
            if (i < 2) {
                properties.put("journeyId", "j-nps-" + run);
            }
            produce(track("Survey Responded").userId(user).properties(properties)
                    .channel((Channel) answers[i][1]).timestamp(day.plusSeconds(3600L * (i + 1))), user);
        }
        String agent = "ticket-" + run;
        produce(track("Ticket Opened").userId(agent).properties(Map.of("ticket_id", "t-" + run))
                .channel(Channel.CALL_CENTER).timestamp(day.plusSeconds(600)), agent);
        produce(track("Ticket Replied").userId(agent).properties(Map.of("ticket_id", "t-" + run))
                .channel(Channel.CALL_CENTER).timestamp(day.plusSeconds(600 + 1_800)), agent);
        produce(track("Ticket Opened").userId(agent).properties(Map.of("ticket_id", "u-" + run))
                .channel(Channel.CALL_CENTER).timestamp(day.plusSeconds(900)), agent);
        Map<String, String> window = Map.of("from", day.toString(), "to", day.plusSeconds(86_400).toString());

        await().atMost(WAIT).untilAsserted(() -> cx(window).statusCode(200).body("metrics.npsResponses", equalTo(4))
                .body("support.ticketsOpened", equalTo(2)).body("support.ticketsAnswered", equalTo(1)));
        cx(window).body("metrics.nps", equalTo(0.0f)).body("metrics.csatAverage", equalTo(4.0f))
                .body("support.averageFirstResponseSeconds", equalTo(1800.0f))
                .body("byChannel.call_center.npsResponses", equalTo(3)).body("byChannel.email.npsResponses", equalTo(1))
                .body("byJourney.'j-nps-" + run + "'.nps", equalTo(100.0f))
                .body("byJourney.none.npsResponses", equalTo(2));
        Map<String, String> callCenter = new java.util.HashMap<>(window);
        callCenter.put("channel", "call_center");
        cx(callCenter).body("metrics.npsResponses", equalTo(3)).body("metrics.nps", equalTo(33.33f));
        cx(Map.of("from", "2026-10-02T00:00:00Z", "to", "2026-10-01T00:00:00Z")).statusCode(400)
                .body("details[0].field", equalTo("from"));
        given().get("/metrics/cx").then().statusCode(401);
    }

    @Test
    void theResponseRateIsTheShareOfSurveySendsAnswered() {
        Instant day = Instant.parse("2026-10-05T00:00:00Z");
        String run = UUID.randomUUID().toString().substring(0, 8);
        Object[][] sends = {{"nps", Channel.SMS}, {"nps", Channel.SMS}, {"nps", Channel.SMS}, {"csat", Channel.EMAIL},
            {null, Channel.EMAIL}};
        for (int i = 0; i < sends.length; i++) {
            String user = "rate-" + run + "-" + i;
            Map<String, Object> properties = new java.util.HashMap<>(Map.of("requestId", "req-" + run + "-" + i,
                    "state", "sent"));
            if (sends[i][0] != null) {
                properties.put("survey", sends[i][0]);
            }
            produce(track("Notification Sent").userId(user).properties(properties).channel((Channel) sends[i][1])
                    .timestamp(day.plusSeconds(3600L * (i + 1))), user);
        }
        // Two of the NPS sends answered, one by SMS reply the next day (after the window, inside the grace); the
        // message without a survey answered all the same (not a survey send), and an answer naming no send.
        String[][] answers = {{"0", "sms"}, {"1", "email"}, {"4", "email"}, {"none", "email"}};
        for (int i = 0; i < answers.length; i++) {
            String user = "rate-" + run + "-" + answers[i][0];
            produce(track("Survey Responded").userId(user).properties(Map.of("nps", 8L, "survey", "nps",
                    "requestId", "req-" + run + "-" + answers[i][0])).channel(Channel.parse(answers[i][1])
                    .orElseThrow()).timestamp(day.plusSeconds(86_400L + 3600L * i)), user);
        }
        Map<String, String> window = Map.of("from", day.toString(), "to", day.plusSeconds(86_400).toString());

        await().atMost(WAIT).untilAsserted(() -> cx(window).statusCode(200)
                .body("responseRate.all.sent", equalTo(4)).body("responseRate.all.answered", equalTo(2)));
        cx(window).body("responseRate.all.rate", equalTo(0.5f))
                .body("responseRate.bySurvey.nps.sent", equalTo(3)).body("responseRate.bySurvey.nps.answered",
                        equalTo(2))
                .body("responseRate.bySurvey.csat.sent", equalTo(1)).body("responseRate.bySurvey.csat.answered",
                        equalTo(0))
                .body("metrics.npsResponses", equalTo(0));
        Map<String, String> sms = new java.util.HashMap<>(window);
        sms.put("channel", "sms");
        cx(sms).body("responseRate.all.sent", equalTo(3)).body("responseRate.all.answered", equalTo(2));
    }

    @Test
    void theDashboardSeriesAreBucketedCountsOfWhatLandedEachEventOnce() {
        Instant hour = Instant.parse("2026-09-09T13:00:00Z");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String user = "series-" + run;
        List<TouchpointEventBuilder> events = List.of(
                track("Notification Sent").properties(Map.of("messageChannel", "email")).channel(Channel.EMAIL),
                track("Notification Sent").properties(Map.of("messageChannel", "email")).channel(Channel.EMAIL),
                track("Notification Failed").properties(Map.of("messageChannel", "sms")).channel(Channel.SMS),
                // A survey send: counted as sent in the survey series as well.
                track("Notification Sent").properties(Map.of("messageChannel", "sms", "survey", "nps"))
                        .channel(Channel.SMS),
                track("Notification Suppressed").properties(Map.of("messageChannel", "email"))
                        .channel(Channel.EMAIL),
                track("Email Clicked").properties(Map.of("requestId", "r-1")).channel(Channel.EMAIL),
                // An "open" a web write key claims is an event, not a fate.
                track("Email Opened").properties(Map.of("requestId", "r-1")).channel(Channel.WEB),
                track("Survey Responded").properties(Map.of("nps", 10L, "csat", 4L)).channel(Channel.EMAIL),
                track("Survey Responded").properties(Map.of("nps", 3L)).channel(Channel.SMS),
                track("Survey Responded").properties(Map.of("nps", 11L)).channel(Channel.SMS));
        String repeated = null;
        for (int i = 0; i < events.size(); i++) {
            repeated = produce(events.get(i).userId(user).timestamp(hour.plusSeconds(60L * i)), user);
        }
        // The last one again, as a redelivery brings it: counted once.
        produce(track("Survey Responded").messageId(repeated).userId(user).properties(Map.of("nps", 11L))
                .channel(Channel.SMS).timestamp(hour.plusSeconds(60L * (events.size() - 1))), user);
        Map<String, String> day = Map.of("from", "2026-09-09T00:00:00Z", "to", "2026-09-10T00:00:00Z");

        await().atMost(WAIT).untilAsserted(() -> series("events", day).statusCode(200).body("bucket", equalTo("hour"))
                .body("points.find { it.at == '2026-09-09T13:00:00Z' }.counts.events", equalTo(events.size())));
        series("deliveries", day).statusCode(200).body("bucket", equalTo("day"))
                .body("points.find { it.dimension == 'email' }.counts.sent", equalTo(2))
                .body("points.find { it.dimension == 'email' }.counts.suppressed", equalTo(1))
                .body("points.find { it.dimension == 'email' }.counts.clicked", equalTo(1))
                .body("points.find { it.dimension == 'email' }.counts.opened", org.hamcrest.Matchers.nullValue())
                .body("points.find { it.dimension == 'sms' }.counts.failed", equalTo(1))
                .body("points.find { it.dimension == 'web' }", org.hamcrest.Matchers.nullValue());
        Map<String, String> week = Map.of("from", "2026-09-09T00:00:00Z", "to", "2026-09-10T00:00:00Z",
                "dimension", "nps");
        series("surveys", week).statusCode(200).body("bucket", equalTo("week"))
                .body("from", equalTo("2026-09-07T00:00:00Z")).body("points.size()", equalTo(1))
                .body("points[0].counts.responses", equalTo(2)).body("points[0].counts.promoters", equalTo(1))
                .body("points[0].counts.detractors", equalTo(1)).body("points[0].value", equalTo(0.0f));
        series("surveys", Map.of("from", "2026-09-07T00:00:00Z", "to", "2026-09-14T00:00:00Z", "dimension", "csat"))
                .body("points[0].counts.sum", equalTo(4)).body("points[0].value", equalTo(4.0f));
        series("survey-days", Map.of("from", "2026-09-09T05:00:00Z", "to", "2026-09-10T00:00:00Z"))
                .statusCode(200).body("bucket", equalTo("day")).body("from", equalTo("2026-09-09T00:00:00Z"))
                .body("points.find { it.dimension == 'nps' }.counts.responses", equalTo(2))
                .body("points.find { it.dimension == 'nps' }.counts.sent", equalTo(1))
                .body("points.find { it.dimension == 'nps' }.value", equalTo(0.0f))
                .body("points.find { it.dimension == 'csat' }.value", equalTo(4.0f));
        series("survey-days", Map.of("from", "2026-09-10T00:00:00Z", "to", "2026-09-11T00:00:00Z"))
                .statusCode(200).body("points.size()", equalTo(0));
        series("nope", day).statusCode(400).body("details[0].field", equalTo("series"));
        series("events", Map.of("from", "2026-08-01T00:00:00Z", "to", "2026-09-10T00:00:00Z")).statusCode(400)
                .body("details[0].field", equalTo("from"));
        given().get("/metrics/series/events").then().statusCode(401);
    }

    private static ValidatableResponse series(String name, Map<String, String> query) {
        return given().header("X-API-Key", ANALYST_KEY).queryParams(query).get("/metrics/series/" + name).then();
    }

    private static ValidatableResponse cx(Map<String, String> query) {
        return given().header("X-API-Key", ANALYST_KEY).queryParams(query).get("/metrics/cx").then();
    }

    @Test
    void anAdminOverridesConsentOnceAndTheChangeIsPublishedAndOnTheTimeline() {
        String userId = "user-" + UUID.randomUUID();
        produce(call(EventType.IDENTIFY).userId(userId).traits(Map.of("emailOptIn", true)).channel(Channel.WEB)
                .timestamp(Instant.now().minusSeconds(60)), userId);
        String profileId = await().atMost(WAIT).until(() -> lookup("userId:" + userId),
                r -> r.extract().statusCode() == 200).body("profile.consent.email.status", equalTo("subscribed"))
                .extract().path("id");
        try (TopicProbe profileEvents = kafka.probe(Topics.PROFILE_EVENTS)) {
            Map<String, String> body = Map.of("channel", "email", "status", "unsubscribed", "reason", "asked by phone");
            for (int i = 0; i < 2; i++) {
                given().header("X-API-Key", ServiceFixtures.ADMIN_KEY).header("Idempotency-Key", "ticket-42")
                        .contentType("application/json").body(body).put("/profiles/" + profileId + "/consent").then()
                        .statusCode(200).body("profile.consent.email.status", equalTo("unsubscribed"));
            }
            List<ProfileEvent> published = profileEvents.awaitRecords(2, WAIT).stream()
                    .map(r -> ContractJson.decode(r.value(), ProfileEvent.class)).toList();
            assertThat(published).extracting(ProfileEvent::eventId).as("the repeated request is the same event")
                    .containsOnly(published.get(0).eventId());
            assertThat(published.get(0).profile().consent().get("email").status()).isEqualTo("unsubscribed");
            assertThat(published.get(0).touchpoint().channel()).isEqualTo(Channel.SYSTEM);
        }
        await().atMost(WAIT).untilAsserted(() -> timeline(profileId, Map.of("channel", "system")).statusCode(200)
                .body("items.event", equalTo(List.of("Unsubscribed")))
                .body("items[0].properties.reason", equalTo("asked by phone")));

        given().header("X-API-Key", ANALYST_KEY).contentType("application/json")
                .body(Map.of("channel", "email", "status", "unsubscribed")).put("/profiles/" + profileId + "/consent")
                .then().statusCode(403);
        given().header("X-API-Key", ServiceFixtures.ADMIN_KEY).contentType("application/json")
                .body(Map.of("channel", "fax", "status", "bounced")).put("/profiles/" + profileId + "/consent")
                .then().statusCode(400).body("details.field", org.hamcrest.Matchers.containsInAnyOrder("channel",
                        "status"));
        given().header("X-API-Key", ServiceFixtures.ADMIN_KEY).contentType("application/json")
                .body(Map.of("channel", "sms", "status", "subscribed")).put("/profiles/nope/consent")
                .then().statusCode(404);
    }

    @Test
    void aWhatsAppMessageIdentifiesThePhoneAndItsStopUnsubscribesWhatsAppOnly() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String userId = "user-" + run;
        String phone = "+35193" + (1_000_000 + Math.abs(run.hashCode() % 8_000_000));
        Instant now = Instant.now().minusSeconds(60);
        produce(call(EventType.IDENTIFY).userId(userId).traits(Map.of("phone", phone, "smsOptIn", true,
                "whatsappOptIn", true)).channel(Channel.WEB).timestamp(now), userId);
        String profileId = await().atMost(WAIT).until(() -> lookup("userId:" + userId),
                r -> r.extract().statusCode() == 200).body("profile.consent.whatsapp.status", equalTo("subscribed"))
                .extract().path("id");

        produce(track("WhatsApp Received").context(Map.of("traits", Map.of("phone", phone)))
                .properties(Map.of("body", "STOP")).channel(Channel.WHATSAPP).timestamp(Instant.now()),
                "phone:" + phone);
        produce(track("Unsubscribed").context(Map.of("traits", Map.of("phone", phone)))
                .properties(Map.of("channel", "whatsapp", "keyword", "STOP")).channel(Channel.WHATSAPP)
                .timestamp(Instant.now()), "phone:" + phone);

        await().atMost(WAIT).untilAsserted(() -> lookup("phone:" + phone).statusCode(200)
                .body("id", equalTo(profileId))
                .body("profile.consent.whatsapp.status", equalTo("unsubscribed"))
                .body("profile.consent.sms.status", equalTo("subscribed")));
        given().header("X-API-Key", ANALYST_KEY).get("/profiles/" + profileId).then().statusCode(200)
                .body("consentHistory.findAll { it.channel == 'whatsapp' }.source",
                        equalTo(List.of("client", "provider_stop")));
        await().atMost(WAIT).untilAsserted(() -> timeline(profileId, Map.of("channel", "whatsapp")).statusCode(200)
                .body("items.event", org.hamcrest.Matchers.containsInAnyOrder("WhatsApp Received", "Unsubscribed")));

        given().header("X-API-Key", ServiceFixtures.ADMIN_KEY).contentType("application/json")
                .body(Map.of("channel", "whatsapp", "status", "subscribed", "reason", "opted in at the counter"))
                .put("/profiles/" + profileId + "/consent").then().statusCode(200)
                .body("profile.consent.whatsapp.status", equalTo("subscribed"));
    }

    @Test
    void aClientResubscribeStampedInTheFutureDoesNotOutRankALaterAdminOverride() {
        String userId = "user-" + UUID.randomUUID();
        // The latest time the contract lets through (receivedAt + 1 day; ingest clamps anything later, and a record
        // put on the topic with a later time is refused on decode).
        Instant future = Instant.now().plus(java.time.Duration.ofHours(23)).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS);
        String resubscribe = produce(track("Resubscribed").userId(userId).properties(Map.of("channel", "email"))
                .channel(Channel.WEB).timestamp(future), userId);
        String profileId = await().atMost(WAIT).until(() -> lookup("userId:" + userId),
                r -> r.extract().statusCode() == 200).body("profile.consent.email.status", equalTo("subscribed"))
                .extract().path("id");
        Instant subscribedAt = Instant.parse(lookup("userId:" + userId).extract()
                .path("profile.consent.email.updatedAt"));
        assertThat(subscribedAt).isBefore(Instant.now().plusSeconds(1));

        given().header("X-API-Key", ServiceFixtures.ADMIN_KEY).contentType("application/json")
                .body(Map.of("channel", "email", "status", "unsubscribed", "reason", "asked by phone"))
                .put("/profiles/" + profileId + "/consent").then().statusCode(200)
                .body("profile.consent.email.status", equalTo("unsubscribed"));

        ValidatableResponse profile = given().header("X-API-Key", ANALYST_KEY).get("/profiles/" + profileId).then()
                .statusCode(200)
                .body("profile.consent.email.status", equalTo("unsubscribed"))
                .body("consentHistory.source", equalTo(List.of("client", "admin_override")))
                .body("consentHistory.status", equalTo(List.of("subscribed", "unsubscribed")))
                .body("consentHistory[0].messageId", equalTo(resubscribe));
        assertThat(Instant.parse(profile.extract().path("consentHistory[0].eventAt"))).isEqualTo(future);
        assertThat(Instant.parse(profile.extract().path("profile.consent.email.updatedAt")))
                .isBefore(Instant.now().plusSeconds(1));
        Instant clientReceived = Instant.parse(profile.extract().path("consentHistory[0].receivedAt"));
        Instant clientOrdered = Instant.parse(profile.extract().path("consentHistory[0].orderedAt"));
        Instant adminOrdered = Instant.parse(profile.extract().path("consentHistory[1].orderedAt"));
        assertThat(clientOrdered).isEqualTo(clientReceived).isBefore(adminOrdered);
        assertThat(adminOrdered).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void theMergeHistorySaysWhenWhichEventAndWhichIdentifiersLinkedTwoProfiles() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String anonymousId = "anon-" + run;
        String email = "merge." + run + "@example.com";
        produce(call(EventType.PAGE).anonymousId(anonymousId).channel(Channel.WEB).timestamp(T0), anonymousId);
        String older = await().atMost(WAIT).until(() -> lookup("anonymousId:" + anonymousId),
                r -> r.extract().statusCode() == 200).extract().path("id");
        produce(track("Product Viewed").context(Map.of("traits", Map.of("email", email))).channel(Channel.STORE)
                .timestamp(T0.plusSeconds(10)), "email:" + email);
        String younger = await().atMost(WAIT).until(() -> lookup("email:" + email),
                r -> r.extract().statusCode() == 200).extract().path("id");
        assertThat(younger).isNotEqualTo(older);

        String linking = produce(call(EventType.IDENTIFY).anonymousId(anonymousId).traits(Map.of("email", email))
                .channel(Channel.WEB).timestamp(T0.plusSeconds(20)), anonymousId);

        ValidatableResponse history = await().atMost(WAIT).until(() -> given().header("X-API-Key", ANALYST_KEY)
                .get("/profiles/" + younger + "/merges").then(), r -> r.extract().statusCode() == 200
                && r.extract().path("mergedInto") != null);
        history.body("mergedInto", equalTo(older))
                .body("merges[0].fromProfileId", equalTo(younger))
                .body("merges[0].messageId", equalTo(linking))
                .body("merges[0].linking.value", hasItem(email));
    }

    @Test
    void aVeryActivePersonsTimelineKeepsTheNewestEntries() {
        String userId = "user-" + UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            produce(track("Page " + i).userId(userId).channel(Channel.WEB).timestamp(T0.plusSeconds(i)), userId);
        }
        String profileId = await().atMost(WAIT).until(() -> lookup("userId:" + userId),
                r -> r.extract().statusCode() == 200 && r.extract().jsonPath().getLong("profile.computed.orderCount") == 0
                        && r.extract().jsonPath().getMap("profile.traits") != null).extract().path("id");
        // max-events-per-profile=6 and trim-every=2 in the test profile: trimmed at the 8th and the 10th event.
        await().atMost(WAIT).untilAsserted(() -> timeline(profileId, Map.of()).statusCode(200)
                .body("items.event", equalTo(List.of("Page 9", "Page 8", "Page 7", "Page 6", "Page 5", "Page 4"))));
    }

    @Test
    void restNeedsAnAnalystKeyAndNamesBadInput() {
        given().get("/profiles/nope").then().statusCode(401);
        given().header("X-API-Key", ANALYST_KEY).get("/profiles/nope").then().statusCode(404)
                .body("error", containsString("nope"));
        given().header("X-API-Key", ANALYST_KEY).queryParam("identifier", "email").get("/profiles/lookup").then()
                .statusCode(400).body("details.field", hasItem("identifier"));
        given().header("X-API-Key", ANALYST_KEY).queryParam("identifier", "phone:12").get("/profiles/lookup").then()
                .statusCode(400).body("details[0].problem", containsString("phone"));
        timeline("nope", Map.of("limit", 0, "channel", "fax", "from", "yesterday")).statusCode(400)
                .body("details.field", org.hamcrest.Matchers.containsInAnyOrder("limit", "channel", "from"));
        timeline("nope", Map.of()).statusCode(404);
    }

    private static String produce(TouchpointEventBuilder builder, String key) {
        return ServiceFixtures.produce(kafka, builder, key);
    }
}
