package io.omnijourney.profile.adapter.kafka;

import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.ANALYST_KEY;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.MARKETER_KEY;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.call;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.lookup;
import static io.omnijourney.profile.adapter.kafka.ServiceFixtures.track;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileEventKind;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Saved CEL segments: validated at save time, re-evaluated on profile changes and by the sweep, published. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.TOUCHPOINTS + ":3," + Topics.TOUCHPOINTS_DLQ + ":1," + Topics.PROFILE_EVENTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class SegmentsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
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
    void aProfileEntersWhenAnEventMakesItMatchAndLeavesWhenTheConditionChanges() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String segmentId = "big-spenders-" + run;
        String userId = "user-" + run;
        try (TopicProbe events = kafka.probe(Topics.PROFILE_EVENTS)) {
            saveSegment(Map.of("id", segmentId, "name", "Big spenders " + run,
                    "condition", "profile.traits.runId == '" + run + "' && profile.computed.lifetimeRevenue >= 100.0"))
                    .statusCode(201).body("id", equalTo(segmentId)).body("revision", equalTo(1));

            produce(call(EventType.IDENTIFY).userId(userId).traits(Map.of("runId", run)).channel(Channel.WEB)
                    .timestamp(Instant.now()), userId);
            produce(track("Order Completed").userId(userId).properties(Map.of("revenue", 60)).channel(Channel.STORE)
                    .timestamp(Instant.now()), userId);
            produce(track("Order Completed").userId(userId).properties(Map.of("revenue", 60)).channel(Channel.STORE)
                    .timestamp(Instant.now()), userId);

            ProfileEvent entered = awaitSegmentEvent(events, ProfileEventKind.SEGMENT_ENTERED, segmentId);
            String profileId = lookup("userId:" + userId).extract().path("id");
            assertThat(entered.profileId()).isEqualTo(profileId);
            assertThat(entered.segment().segmentName()).isEqualTo("Big spenders " + run);
            lookup("userId:" + userId).body("profile.segments", hasItem(segmentId));
            given().header("X-API-Key", ANALYST_KEY).get("/segments/" + segmentId + "/members").then()
                    .statusCode(200).body("profileIds", equalTo(List.of(profileId)));
            given().header("X-API-Key", ANALYST_KEY).get("/segments/" + segmentId).then()
                    .statusCode(200).body("members", equalTo(1));
            given().header("X-API-Key", ANALYST_KEY).get("/segments").then().statusCode(200)
                    .body("find { it.id == '" + segmentId + "' }.members", equalTo(1));
            assertThat(segmentEvents(events, segmentId)).as("one entry, even with events after it").hasSize(1);

            given().header("X-API-Key", MARKETER_KEY).contentType(ContentType.JSON)
                    .body(Map.of("name", "Big spenders " + run, "condition",
                            "profile.traits.runId == '" + run + "' && profile.computed.lifetimeRevenue >= 500.0"))
                    .put("/segments/" + segmentId).then().statusCode(200).body("revision", equalTo(2));

            ProfileEvent exited = awaitSegmentEvent(events, ProfileEventKind.SEGMENT_EXITED, segmentId);
            assertThat(exited.profileId()).isEqualTo(profileId);
            await().atMost(WAIT).untilAsserted(() -> lookup("userId:" + userId)
                    .body("profile.segments", org.hamcrest.Matchers.not(hasItem(segmentId))));
        }
    }

    @Test
    void aSavedSegmentCountsItsMembersAndTheListCountsEverySegmentAtOnce() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String gold = "gold-" + run;
        String silver = "silver-" + run;
        saveSegment(Map.of("id", gold, "name", "Gold " + run, "condition", planIs(run, "gold"))).statusCode(201)
                .body("members", equalTo(0));
        saveSegment(Map.of("id", silver, "name", "Silver " + run, "condition", planIs(run, "silver")))
                .statusCode(201);

        identifyWithPlan("user-a-" + run, run, "gold");
        identifyWithPlan("user-b-" + run, run, "gold");
        identifyWithPlan("user-c-" + run, run, "silver");

        await().atMost(WAIT).untilAsserted(() -> given().header("X-API-Key", ANALYST_KEY).get("/segments/" + gold)
                .then().statusCode(200).body("members", equalTo(2)));
        given().header("X-API-Key", ANALYST_KEY).get("/segments").then().statusCode(200)
                .body("find { it.id == '" + gold + "' }.members", equalTo(2))
                .body("find { it.id == '" + silver + "' }.members", equalTo(1));
    }

    @Test
    void anEstimateOverEveryProfileIsExactAndCountsTheMatches() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        identifyWithPlan("user-d-" + run, run, "gold");
        identifyWithPlan("user-e-" + run, run, "gold");
        identifyWithPlan("user-f-" + run, run, "silver");
        identifyWithPlan("user-g-" + run, run, "gold");

        Map<String, Object> estimate = given().header("X-API-Key", ANALYST_KEY).contentType(ContentType.JSON)
                .body(Map.of("condition", planIs(run, "gold"), "estimate", true)).post("/segments/validate").then()
                .statusCode(200).body("valid", equalTo(true)).extract().path("estimate");
        assertThat(estimate).containsEntry("matched", 3).containsEntry("estimatedMembers", 3)
                .containsEntry("exact", true);
        assertThat((Integer) estimate.get("sampled")).isGreaterThanOrEqualTo(4)
                .isEqualTo(estimate.get("totalProfiles"));
        given().header("X-API-Key", ANALYST_KEY).contentType(ContentType.JSON)
                .body(Map.of("condition", planIs(run, "gold"))).post("/segments/validate").then()
                .statusCode(200).body("valid", equalTo(true)).body("$", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasKey("estimate")));
        given().header("X-API-Key", ANALYST_KEY).contentType(ContentType.JSON)
                .body(Map.of("condition", "profile.traits.plan ==", "estimate", true)).post("/segments/validate")
                .then().statusCode(400).body("details[0].field", equalTo("condition"));
    }

    private static String planIs(String run, String plan) {
        return "has(profile.traits.planRun) && profile.traits.planRun == '" + run + "' && profile.traits.plan == '"
                + plan + "'";
    }

    private static void identifyWithPlan(String userId, String run, String plan) {
        produce(call(EventType.IDENTIFY).userId(userId).traits(Map.of("planRun", run, "plan", plan))
                .channel(Channel.WEB).timestamp(Instant.now()), userId);
        await().atMost(WAIT).untilAsserted(() -> lookup("userId:" + userId).statusCode(200)
                .body("profile.traits.plan", equalTo(plan)));
    }

    @Test
    void theSweepFindsProfilesThatBecameInactiveWithoutAnyNewEvent() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String quiet = "user-quiet-" + run;
        String busy = "user-busy-" + run;
        Instant longAgo = Instant.now().minus(Duration.ofDays(45));
        try (TopicProbe events = kafka.probe(Topics.PROFILE_EVENTS)) {
            produce(call(EventType.IDENTIFY).userId(quiet).traits(Map.of("runId", run)).channel(Channel.WEB)
                    .timestamp(longAgo), quiet);
            produce(call(EventType.IDENTIFY).userId(busy).traits(Map.of("runId", run)).channel(Channel.WEB)
                    .timestamp(Instant.now()), busy);
            await().atMost(WAIT).untilAsserted(() -> lookup("userId:" + busy).statusCode(200));
            await().atMost(WAIT).untilAsserted(() -> lookup("userId:" + quiet).statusCode(200));

            String segmentId = "inactive-" + run;
            saveSegment(Map.of("id", segmentId, "name", "Inactive 30 days", "condition",
                    "profile.traits.runId == '" + run + "' && profile.daysSinceLastActivity >= 30")).statusCode(201);

            ProfileEvent entered = awaitSegmentEvent(events, ProfileEventKind.SEGMENT_ENTERED, segmentId);
            assertThat(entered.profileId()).isEqualTo(lookup("userId:" + quiet).extract().path("id"));

            produce(track("App Opened").userId(quiet).channel(Channel.MOBILE).timestamp(Instant.now()), quiet);
            ProfileEvent exited = awaitSegmentEvent(events, ProfileEventKind.SEGMENT_EXITED, segmentId);
            assertThat(exited.profileId()).isEqualTo(entered.profileId());
            assertThat(segmentEvents(events, segmentId)).extracting(ProfileEvent::kind)
                    .containsExactly(ProfileEventKind.SEGMENT_ENTERED, ProfileEventKind.SEGMENT_EXITED);
        }
    }

    @Test
    void invalidConditionsAreRefusedWithTheirPositionAndRolesAreEnforced() {
        saveSegment(Map.of("name", "Broken", "condition", "profile.traits.plan ==\n  == 'gold'")).statusCode(400)
                .body("details[0].field", equalTo("condition"))
                .body("details[0].problem", containsString("line 2, column 3"));
        saveSegment(Map.of("name", "Escape", "condition", "java.lang.Runtime.getRuntime() != null")).statusCode(400)
                .body("details[0].problem", containsString("undeclared"));
        saveSegment(Map.of("id", "Not An Id", "name", "", "condition", "true")).statusCode(400)
                .body("details.field", org.hamcrest.Matchers.containsInAnyOrder("name", "id"));
        given().header("X-API-Key", MARKETER_KEY).contentType(ContentType.JSON)
                .body(Map.of("condition", "profile.traits.plan == 'gold'")).post("/segments/validate").then()
                .statusCode(200).body("valid", equalTo(true));

        String run = UUID.randomUUID().toString().substring(0, 8);
        saveSegment(Map.of("name", "VIP " + run, "condition", "true")).statusCode(201)
                .body("id", equalTo("vip-" + run));
        saveSegment(Map.of("name", "VIP " + run, "condition", "true")).statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "condition", "true")).post("/segments").then()
                .statusCode(401);
        given().header("X-API-Key", "test-admin-key").delete("/segments/vip-" + run).then().statusCode(204);
        given().header("X-API-Key", ANALYST_KEY).get("/segments/vip-" + run).then().statusCode(404);
    }

    @Test
    void eightNestedComprehensionsAreRefusedAtSaveWithTheirPosition() {
        StringBuilder condition = new StringBuilder();
        for (int level = 0; level < 8; level++) {
            condition.append("profile.identifiers.userId.all(v").append(level).append(", ");
        }
        condition.append("v0 == v7").append(")".repeat(8));
        int third = condition.indexOf("all(v2") + "all".length();

        saveSegment(Map.of("name", "Nested", "condition", condition.toString())).statusCode(400)
                .body("details[0].field", equalTo("condition"))
                .body("details[0].problem", containsString("line 1, column " + (third + 1) + " (offset " + third + ")"))
                .body("details[0].problem", containsString("nested 3 deep"));
        given().header("X-API-Key", MARKETER_KEY).contentType(ContentType.JSON)
                .body(Map.of("condition", condition.toString())).post("/segments/validate").then().statusCode(400)
                .body("details[0].problem", containsString("at most 2"));
    }

    @Test
    void aConditionOverTheRunBudgetIsCutOffFlaggedAndDoesNotHoldUpTheNextEvent() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String segmentId = "costly-" + run;
        String literal = "[" + String.join(",", java.util.Collections.nCopies(500, "1")) + "]";
        String costly = "has(profile.traits.costlyRun) && profile.traits.costlyRun == '" + run + "' && "
                + literal + ".all(x, " + literal + ".all(y, x == y))";
        saveSegment(Map.of("id", segmentId, "name", "Costly " + run, "condition", costly)).statusCode(201)
                .body("status", equalTo("active"));
        String userId = "user-costly-" + run;
        try {
            produce(call(EventType.IDENTIFY).userId(userId).traits(Map.of("costlyRun", run)).channel(Channel.WEB)
                    .timestamp(Instant.now()), userId);
            String next = "user-next-" + run;
            produce(call(EventType.IDENTIFY).userId(next).traits(Map.of("plan", "gold")).channel(Channel.WEB)
                    .timestamp(Instant.now()), next);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> lookup("userId:" + next).statusCode(200)
                    .body("profile.traits.plan", equalTo("gold")));
            lookup("userId:" + userId).statusCode(200)
                    .body("profile.segments", org.hamcrest.Matchers.not(hasItem(segmentId)));
            await().atMost(WAIT).untilAsserted(() -> given().header("X-API-Key", ANALYST_KEY)
                    .get("/segments/" + segmentId).then().statusCode(200)
                    .body("status", equalTo("over_budget"))
                    .body("lastError", org.hamcrest.Matchers.anyOf(containsString("loop iterations"),
                            containsString("longer than")))
                    .body("lastErrorAt", org.hamcrest.Matchers.notNullValue()));
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("omnijourney_profile_segment_evaluations_over_budget_total"));
        } finally {
            given().header("X-API-Key", MARKETER_KEY).delete("/segments/" + segmentId).then().statusCode(204);
        }
    }

    @Test
    void analystsReadSegmentsButCannotCreateChangeOrDeleteThem() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String segmentId = "readonly-" + run;
        saveSegment(Map.of("id", segmentId, "name", "Read only " + run, "condition", "true")).statusCode(201);

        given().header("X-API-Key", ANALYST_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "By an analyst " + run, "condition", "true")).post("/segments").then()
                .statusCode(403);
        given().header("X-API-Key", ANALYST_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "Renamed", "condition", "false")).put("/segments/" + segmentId).then()
                .statusCode(403);
        given().header("X-API-Key", ANALYST_KEY).delete("/segments/" + segmentId).then().statusCode(403);

        given().header("X-API-Key", ANALYST_KEY).get("/segments").then().statusCode(200)
                .body("id", hasItem(segmentId)).body("id", org.hamcrest.Matchers.not(hasItem("by-an-analyst-" + run)));
        given().header("X-API-Key", ANALYST_KEY).get("/segments/" + segmentId).then().statusCode(200)
                .body("name", equalTo("Read only " + run)).body("condition", equalTo("true"));
        given().header("X-API-Key", ANALYST_KEY).get("/segments/" + segmentId + "/members").then().statusCode(200);
        given().header("X-API-Key", ServiceFixtures.ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "Read only " + run, "condition", "false")).put("/segments/" + segmentId).then()
                .statusCode(200).body("revision", equalTo(2));
        given().header("X-API-Key", MARKETER_KEY).delete("/segments/" + segmentId).then().statusCode(204);
    }

    private static io.restassured.response.ValidatableResponse saveSegment(Map<String, ?> body) {
        return given().header("X-API-Key", MARKETER_KEY).contentType(ContentType.JSON).body(body).post("/segments")
                .then();
    }

    private static ProfileEvent awaitSegmentEvent(TopicProbe events, ProfileEventKind kind, String segmentId) {
        Predicate<ProfileEvent> wanted = e -> e.kind() == kind;
        return await().atMost(WAIT).until(() -> segmentEvents(events, segmentId).stream().filter(wanted).toList(),
                list -> !list.isEmpty()).get(0);
    }

    /** Distinct by event id: a republished event is the same event. */
    private static List<ProfileEvent> segmentEvents(TopicProbe events, String segmentId) {
        return events.records().stream().map(r -> ContractJson.decode(r.value(), ProfileEvent.class))
                .filter(e -> e.segment() != null && e.segment().segmentId().equals(segmentId))
                .filter(distinct())
                .toList();
    }

    private static Predicate<ProfileEvent> distinct() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return e -> seen.add(e.eventId());
    }

    private static String produce(TouchpointEventBuilder builder, String key) {
        return ServiceFixtures.produce(kafka, builder, key);
    }
}
