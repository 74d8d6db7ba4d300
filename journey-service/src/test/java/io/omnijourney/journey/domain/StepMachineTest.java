package io.omnijourney.journey.domain;

import static io.omnijourney.journey.domain.Definitions.example;
import static io.omnijourney.journey.domain.Definitions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.journey.domain.JourneyInstance.Status;
import io.omnijourney.journey.domain.JourneyInstance.WaitKind;
import io.omnijourney.journey.domain.StepMachine.Advance;
import io.omnijourney.journey.domain.StepMachine.Context;
import io.omnijourney.journey.domain.StepMachine.Occurrence;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StepMachineTest {

    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

    private static Context at(Instant now) {
        return new Context(now, Map.of("event", "Checkout Started"), Map.of("traits", Map.of()), ZoneOffset.UTC,
                StepMachine.SendHistory.none());
    }

    private static Advance start(JourneyDefinition definition, String profileId, Map<String, Object> properties,
            Context context) {
        JourneyInstance entered = StepMachine.enter("i-" + profileId, "j-1", 1, profileId,
                new JourneyInstance.TriggerEvent("m-start", "Checkout Started", properties, context.now()),
                definition, context.now());
        return StepMachine.start(definition, entered, context);
    }

    private static Occurrence event(String id, String name, Map<String, Object> properties, Instant at) {
        return new Occurrence(id, name, properties, at);
    }

    @Test
    void aLoopingInstanceKeepsItsNewestMaxSendsSends() {
        JourneyDefinition d = DefinitionParser.parse(json("{'name':'loop','trigger':{'events':['Loop']},"
                + "'steps':[{'id':'w','type':'wait','duration':'PT1S','next':'s'},{'id':'s','type':'send',"
                + "'channel':'email','templateId':'t','category':'transactional','next':'w'}]}"));
        JourneyInstance instance = start(d, "p1", Map.of(), at(T0)).instance();
        Instant now = T0;
        for (int n = 0; n < JourneyInstance.MAX_SENDS + 20; n++) {
            now = instance.dueAt;
            instance = StepMachine.onTimer(d, instance, at(now)).instance();
        }
        assertThat(instance.sends).hasSize(JourneyInstance.MAX_SENDS);
        assertThat(instance.sends.get(instance.sends.size() - 1).at()).isEqualTo(now);
        assertThat(instance.visits.get("s")).isEqualTo(JourneyInstance.MAX_SENDS + 20);
    }

    @Test
    void abandonedCheckoutWithPurchaseInTimeSendsNothing() {
        JourneyDefinition d = DefinitionParser.parse(example("abandoned-checkout"));
        Advance started = start(d, "p1", Map.of("checkout_id", "c-1"), at(T0));
        assertThat(started.effects()).isEmpty();
        assertThat(started.instance().waitKind).isEqualTo(WaitKind.EVENT);
        assertThat(started.instance().dueAt).isEqualTo(T0.plus(Duration.ofHours(1)));

        Advance other = StepMachine.onEvent(d, started.instance(),
                event("m-2", "Order Completed", Map.of("checkout_id", "c-OTHER"), T0.plusSeconds(60)), at(T0.plusSeconds(60)));
        assertThat(other.instance().status).as("an order for another checkout").isEqualTo(Status.ACTIVE);
        assertThat(other.instance().waitKind).isEqualTo(WaitKind.EVENT);
        assertThat(other.effects()).isEmpty();

        Advance bought = StepMachine.onEvent(d, started.instance(),
                event("m-3", "Order Completed", Map.of("checkout_id", "c-1"), T0.plusSeconds(600)), at(T0.plusSeconds(600)));
        assertThat(bought.instance().status).isEqualTo(Status.EXITED);
        assertThat(bought.instance().exitReason).isEqualTo("exit_criteria");
        assertThat(bought.instance().convertedAt).isEqualTo(T0.plusSeconds(600));
        assertThat(bought.effects()).isEmpty();
    }

    @Test
    void abandonedCheckoutWithoutPurchaseSendsEmailThenSms() {
        JourneyDefinition d = DefinitionParser.parse(example("abandoned-checkout"));
        Advance started = start(d, "p1", Map.of("checkout_id", "c-1"), at(T0));
        Advance early = StepMachine.onTimer(d, started.instance(), at(T0.plusSeconds(3599)));
        assertThat(early.changed()).as("not due yet").isFalse();

        Advance email = StepMachine.onTimer(d, started.instance(), at(T0.plusSeconds(3600)));
        assertThat(email.effects()).singleElement().isInstanceOfSatisfying(Effect.SendRequested.class, s -> {
            assertThat(s.templateId()).isEqualTo("checkout-reminder-email");
            assertThat(s.requestId()).isEqualTo(RequestIds.request("j-1", "i-p1", "reminder-email", 1));
        });
        assertThat(email.instance().dueAt).isEqualTo(T0.plus(Duration.ofHours(25)));

        Advance sms = StepMachine.onTimer(d, email.instance(), at(T0.plus(Duration.ofHours(25))));
        assertThat(sms.effects()).singleElement().isInstanceOfSatisfying(Effect.SendRequested.class,
                s -> assertThat(s.templateId()).isEqualTo("checkout-reminder-sms"));
        assertThat(sms.instance().status).isEqualTo(Status.COMPLETED);
        assertThat(sms.instance().path).extracting(JourneyInstance.PathEntry::outcome)
                .containsExactly("waiting_for_event", "timed_out", "sent", "waiting", "waited", "sent");
    }

    @Test
    void replayingTheSameTransitionGivesTheSameRequestIds() {
        JourneyDefinition d = DefinitionParser.parse(example("abandoned-checkout"));
        Advance started = start(d, "p1", Map.of("checkout_id", "c-1"), at(T0));
        Advance first = StepMachine.onTimer(d, started.instance(), at(T0.plusSeconds(3600)));
        Advance again = StepMachine.onTimer(d, started.instance(), at(T0.plusSeconds(7200)));
        assertThat(again.effects()).isEqualTo(first.effects());
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        JourneyDefinition d = DefinitionParser.parse(example("abandoned-checkout"));
        Advance started = start(d, "p1", Map.of("checkout_id", "c-1"), at(T0));
        Occurrence trigger = event("m-start", "Order Completed", Map.of("checkout_id", "c-1"), T0);
        assertThat(StepMachine.onEvent(d, started.instance(), trigger, at(T0)).changed()).isFalse();
    }

    @Test
    void quietHoursDeferAMarketingSendToTheEndOfTheWindowInTheProfilesZone() {
        JourneyDefinition d = DefinitionParser.parse(json("{'name':'q','trigger':{'events':['X']},"
                + "'quietHours':{'start':'21:00','end':'08:00'},"
                + "'steps':[{'id':'mail','type':'send','channel':'email','templateId':'t'}]}"));
        ZoneId lisbon = ZoneId.of("Europe/Lisbon");
        Instant lateEvening = Instant.parse("2026-11-20T22:30:00Z"); // 22:30 in Lisbon (UTC+0 in November)
        Context context = new Context(lateEvening, Map.of(), Map.of(), lisbon, StepMachine.SendHistory.none());
        Advance deferred = start(d, "p1", Map.of(), context);
        assertThat(deferred.effects()).isEmpty();
        assertThat(deferred.instance().waitKind).isEqualTo(WaitKind.QUIET_HOURS);
        assertThat(deferred.instance().dueAt).isEqualTo(Instant.parse("2026-11-21T08:00:00Z"));

        Advance sent = StepMachine.onTimer(d, deferred.instance(),
                new Context(Instant.parse("2026-11-21T08:00:05Z"), Map.of(), Map.of(), lisbon,
                        StepMachine.SendHistory.none()));
        assertThat(sent.effects()).singleElement().isInstanceOfSatisfying(Effect.SendRequested.class,
                s -> assertThat(s.requestId()).isEqualTo(RequestIds.request("j-1", "i-p1", "mail", 1)));
        assertThat(sent.instance().status).isEqualTo(Status.COMPLETED);
    }

    @Test
    void transactionalSendIgnoresQuietHours() {
        JourneyDefinition d = DefinitionParser.parse(json("{'name':'q','trigger':{'events':['X']},"
                + "'quietHours':{'start':'00:00','end':'23:59'},"
                + "'steps':[{'id':'sms','type':'send','channel':'sms','templateId':'t','category':'transactional'}]}"));
        assertThat(start(d, "p1", Map.of(), at(T0)).effects()).hasSize(1);
    }

    @Test
    void frequencyCapSkipsSendsBeyondTheLimitAcrossInstances() {
        JourneyDefinition d = DefinitionParser.parse(json("{'name':'f','trigger':{'events':['X']},"
                + "'frequencyCap':{'maxSends':2,'per':'P1D'},"
                + "'steps':[{'id':'a','type':'send','channel':'email','templateId':'t','next':'b'},"
                + "{'id':'b','type':'send','channel':'email','templateId':'t'}]}"));
        Context oneEarlier = new Context(T0, Map.of(), Map.of(), ZoneOffset.UTC, since -> 1);
        Advance advance = start(d, "p1", Map.of(), oneEarlier);
        assertThat(advance.effects()).hasSize(1);
        assertThat(advance.instance().path).extracting(JourneyInstance.PathEntry::outcome)
                .containsExactly("sent", "skipped_frequency_cap");
        assertThat(advance.instance().status).isEqualTo(Status.COMPLETED);
    }

    @Test
    void waitUntilTimeOfDayUsesTheProfilesZone() {
        Step.Wait wait = (Step.Wait) DefinitionParser.parse(example("nps-survey")).firstStep();
        Instant orderAt = Instant.parse("2026-11-20T23:30:00Z");
        // 7 days later it is 2026-11-28 08:30 in Tokyo: 10:00 Tokyo the same day.
        assertThat(StepMachine.waitEnd(wait, orderAt, ZoneId.of("Asia/Tokyo")))
                .isEqualTo(Instant.parse("2026-11-28T01:00:00Z"));
        // In UTC it is 23:30 on the 27th: 10:00 on the 28th.
        assertThat(StepMachine.waitEnd(wait, orderAt, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    }

    @Test
    void branchTakesTheFirstConditionThatHoldsElseTheDefault() {
        JourneyDefinition d = DefinitionParser.parse(json("{'name':'b','trigger':{'events':['X']},'steps':["
                + "{'id':'b','type':'branch','conditions':["
                + "{'if':'has(profile.computed.orderCount) && profile.computed.orderCount > 5','next':'vip'},"
                + "{'if':'event.properties.total > 100','next':'big'}],'default':'other'},"
                + "{'id':'vip','type':'exit'},{'id':'big','type':'exit'},{'id':'other','type':'exit'}]}"));
        Context big = new Context(T0, Map.of("properties", Map.of("total", 150L)),
                Map.of("computed", Map.of("orderCount", 2L)), ZoneOffset.UTC, StepMachine.SendHistory.none());
        assertThat(start(d, "p1", Map.of(), big).instance().path).extracting(JourneyInstance.PathEntry::stepId)
                .containsExactly("b", "big");
        Context missingKeys = new Context(T0, Map.of(), Map.of(), ZoneOffset.UTC, StepMachine.SendHistory.none());
        assertThat(start(d, "p1", Map.of(), missingKeys).instance().path).extracting(JourneyInstance.PathEntry::stepId)
                .containsExactly("b", "other");
    }

    @Test
    void randomSplitIsDeterministicPerProfileAndRoughlyProportional() {
        JourneyDefinition d = DefinitionParser.parse(json("{'name':'r','trigger':{'events':['X']},'steps':["
                + "{'id':'s','type':'random_split','paths':[{'percent':20,'next':'a'},{'percent':80,'next':'b'}]},"
                + "{'id':'a','type':'exit'},{'id':'b','type':'exit'}]}"));
        List<String> firstRun = IntStream.range(0, 1000).mapToObj(i -> lastStep(start(d, "p" + i, Map.of(), at(T0))))
                .toList();
        List<String> secondRun = IntStream.range(0, 1000).mapToObj(i -> lastStep(start(d, "p" + i, Map.of(), at(T0))))
                .toList();
        assertThat(secondRun).isEqualTo(firstRun);
        long a = firstRun.stream().filter("a"::equals).count();
        assertThat(a).isBetween(150L, 250L);
    }

    @Test
    void updateTraitEmitsADeterministicUpdateAndBranchesSeeIt() {
        JourneyDefinition d = DefinitionParser.parse(json("{'name':'u','trigger':{'events':['X']},'steps':["
                + "{'id':'u','type':'update_trait','trait':'stage','value':'nurtured','next':'b'},"
                + "{'id':'b','type':'branch','conditions':[{'if':'profile.traits.stage == \\u0027nurtured\\u0027',"
                + "'next':'yes'}],'default':'no'},{'id':'yes','type':'exit'},{'id':'no','type':'exit'}]}"));
        Advance advance = start(d, "p1", Map.of(), at(T0));
        assertThat(advance.effects()).singleElement().isInstanceOfSatisfying(Effect.TraitUpdated.class, u -> {
            assertThat(u.trait()).isEqualTo("stage");
            assertThat(u.value()).isEqualTo("nurtured");
        });
        assertThat(lastStep(advance)).isEqualTo("yes");
    }

    @Test
    void goalEventAfterCompletionStillCountsWithinTheWindowAndIsAttributedToTheLastSend() {
        JourneyDefinition d = DefinitionParser.parse(example("order-shipped-sms"));
        JourneyDefinition withGoal = DefinitionParser.parse(json("{'name':'g','trigger':{'events':['X']},"
                + "'goal':{'event':'Order Completed','within':'P1D'},"
                + "'steps':[{'id':'m','type':'send','channel':'email','templateId':'t'}]}"));
        Advance done = start(withGoal, "p1", Map.of(), at(T0));
        assertThat(done.instance().status).isEqualTo(Status.COMPLETED);
        Advance converted = StepMachine.onEvent(withGoal, done.instance(),
                event("m-9", "Order Completed", Map.of(), T0.plus(Duration.ofHours(5))), at(T0.plus(Duration.ofHours(5))));
        assertThat(converted.instance().convertedStepId).isEqualTo("m");
        Advance late = StepMachine.onEvent(withGoal, done.instance(),
                event("m-10", "Order Completed", Map.of(), T0.plus(Duration.ofDays(2))), at(T0.plus(Duration.ofDays(2))));
        assertThat(late.changed()).isFalse();
        assertThat(d.goal()).isEmpty();
    }

    @Test
    void aGoalEventThatHappenedBeforeTheEntryWasProcessedButAfterTheTriggerCounts() {
        JourneyDefinition withGoal = DefinitionParser.parse(json("{'name':'g','trigger':{'events':['Checkout Started']},"
                + "'goal':{'event':'Order Completed','within':'P1D'},"
                + "'steps':[{'id':'m','type':'send','channel':'email','templateId':'t'}]}"));
        Instant processed = T0.plusSeconds(5);
        JourneyInstance entered = StepMachine.enter("i-p1", "j-1", 1, "p1",
                new JourneyInstance.TriggerEvent("m-start", "Checkout Started", Map.of(), T0), withGoal, processed);
        Advance done = StepMachine.start(withGoal, entered, at(processed));

        Advance converted = StepMachine.onEvent(withGoal, done.instance(),
                event("m-order", "Order Completed", Map.of(), T0.plusSeconds(1)), at(T0.plusSeconds(6)));
        assertThat(converted.instance().convertedAt).isEqualTo(T0.plusSeconds(1));

        Advance before = StepMachine.onEvent(withGoal, done.instance(),
                event("m-old", "Order Completed", Map.of(), T0.minusSeconds(1)), at(T0.plusSeconds(6)));
        assertThat(before.instance().convertedAt).isNull();
    }

    @Test
    void cancellingEndsAnActiveInstanceOnly() {
        JourneyDefinition d = DefinitionParser.parse(example("abandoned-checkout"));
        Advance started = start(d, "p1", Map.of("checkout_id", "c-1"), at(T0));
        Advance cancelled = StepMachine.cancel(started.instance(), "erased", T0);
        assertThat(cancelled.instance().status).isEqualTo(Status.EXITED);
        assertThat(cancelled.instance().dueAt).isNull();
        assertThat(StepMachine.cancel(cancelled.instance(), "again", T0).changed()).isFalse();
    }

    @Test
    void theHoldoutGetsNothingButItsConversionStillCounts() {
        JourneyDefinition d = DefinitionParser.parse(json("{'name':'h','trigger':{'events':['Checkout Started']},"
                + "'holdout':{'percent':20},'goal':{'event':'Order Completed','within':'P7D'},"
                + "'steps':[{'id':'s','type':'send','channel':'email','templateId':'t','category':'marketing'}]}"));
        List<Advance> runs = IntStream.range(0, 1000).mapToObj(i -> start(d, "p" + i, Map.of(), at(T0))).toList();
        List<Advance> heldOut = runs.stream().filter(a -> a.instance().heldOut()).toList();
        assertThat(heldOut.size()).as("about a fifth of 1000 profiles").isBetween(150, 250);
        assertThat(heldOut).allSatisfy(a -> {
            assertThat(a.effects()).as("no send for the holdout").isEmpty();
            assertThat(a.instance().status).isEqualTo(Status.EXITED);
            assertThat(a.instance().exitReason).isEqualTo(JourneyInstance.HOLDOUT);
            assertThat(a.instance().path).extracting(JourneyInstance.PathEntry::outcome).containsExactly("holdout");
            assertThat(StepMachine.heldOut(d, a.instance())).as("the same profile again").isTrue();
        });
        assertThat(runs.stream().filter(a -> !a.instance().heldOut()))
                .allSatisfy(a -> assertThat(a.effects()).hasSize(1));

        JourneyInstance held = heldOut.get(0).instance();
        Advance converted = StepMachine.onEvent(d, held, event("m-buy", "Order Completed", Map.of(),
                T0.plusSeconds(3600)), at(T0.plusSeconds(3600)));
        assertThat(converted.instance().convertedAt).isEqualTo(T0.plusSeconds(3600));
        assertThat(converted.effects()).isEmpty();
    }

    @Test
    void anInstanceRemembersTheSplitPathItTookOnce() {
        JourneyDefinition d = DefinitionParser.parse(json("{'name':'loop','trigger':{'events':['Checkout Started']},"
                + "'steps':[{'id':'s','type':'random_split','paths':[{'percent':50,'next':'w'},"
                + "{'percent':50,'next':'w'}]},{'id':'w','type':'wait','duration':'PT1H','next':'s'}]}"));
        JourneyInstance instance = start(d, "p1", Map.of(), at(T0)).instance();
        int path = instance.variants.get("s");
        assertThat(instance.path.get(0).outcome()).isEqualTo("path:" + path);
        instance = StepMachine.onTimer(d, instance, at(instance.dueAt)).instance();
        assertThat(instance.visits.get("s")).isEqualTo(2);
        assertThat(instance.variants).containsExactly(Map.entry("s", path));
    }

    private static final String CONFIRM = "{'name':'appointment','trigger':{'events':['Appointment Booked']},"
            + "'steps':[{'id':'ask','type':'send','channel':'sms','templateId':'t','category':'transactional',"
            + "'next':'reply'},{'id':'reply','type':'wait_for_reply','timeout':'PT2H','replies':["
            + "{'keywords':['yes','y','sim'],'next':'confirmed'},{'pattern':'(?i)^\\\\s*no(pe)?\\\\s*$','next':'cancelled'}],"
            + "'otherwise':'unclear','timedOut':'silent'},"
            + "{'id':'confirmed','type':'update_trait','trait':'appointmentConfirmed','value':true},"
            + "{'id':'cancelled','type':'exit'},"
            + "{'id':'unclear','type':'send','channel':'sms','templateId':'t2','category':'transactional'},"
            + "{'id':'silent','type':'exit'}]}";

    private static Context reply(String body, Instant now) {
        return new Context(now, Map.of("event", "SMS Received", "properties", Map.of("body", body)),
                Map.of("traits", Map.of()), ZoneOffset.UTC, StepMachine.SendHistory.none());
    }

    private static Advance answer(JourneyDefinition d, String profileId, String body) {
        JourneyInstance waiting = start(d, profileId, Map.of(), at(T0)).instance();
        assertThat(waiting.waitKind).isEqualTo(WaitKind.EVENT);
        assertThat(waiting.waitEvent).isEqualTo("SMS Received");
        Instant later = T0.plusSeconds(60);
        return StepMachine.onEvent(d, waiting, event("m-" + body.hashCode(), "SMS Received", Map.of("body", body),
                later), reply(body, later));
    }

    @Test
    void aReplyIsMatchedByKeywordOrPatternElseGoesOtherwiseAndSilenceTimesOut() {
        JourneyDefinition d = DefinitionParser.parse(json(CONFIRM));
        assertThat(lastStep(answer(d, "p1", " Yes! "))).isEqualTo("confirmed");
        assertThat(answer(d, "p2", "SIM").instance().variables).containsEntry("appointmentConfirmed", true);
        Advance no = answer(d, "p3", "nope");
        assertThat(lastStep(no)).isEqualTo("cancelled");
        assertThat(no.instance().status).isEqualTo(Status.EXITED);
        Advance unclear = answer(d, "p4", "yes please, at 5");
        assertThat(lastStep(unclear)).isEqualTo("unclear");
        assertThat(unclear.effects()).as("the follow-up SMS").hasSize(1);
        assertThat(unclear.instance().path).extracting(JourneyInstance.PathEntry::outcome)
                .containsSubsequence("received", "default");

        JourneyInstance waiting = start(d, "p5", Map.of(), at(T0)).instance();
        Advance other = StepMachine.onEvent(d, waiting, event("m-x", "Page Viewed", Map.of(), T0.plusSeconds(5)),
                at(T0.plusSeconds(5)));
        assertThat(other.instance().waitKind).as("not a reply").isEqualTo(WaitKind.EVENT);
        Advance silent = StepMachine.onTimer(d, waiting, at(waiting.dueAt));
        assertThat(lastStep(silent)).isEqualTo("silent");
    }

    private static String lastStep(Advance advance) {
        return advance.instance().path.get(advance.instance().path.size() - 1).stepId();
    }

    @Test
    void waitForEventContinuesDownReceivedWhenTheCorrelatedEventArrives() {
        JourneyDefinition d = DefinitionParser.parse(json("{'name':'w','trigger':{'events':['Checkout Started']},"
                + "'steps':[{'id':'wait','type':'wait_for_event','event':'Email Opened','correlation':'campaign',"
                + "'timeout':'P2D','received':'thanks','timedOut':'nudge'},"
                + "{'id':'thanks','type':'send','channel':'push','templateId':'thanks'},"
                + "{'id':'nudge','type':'send','channel':'email','templateId':'nudge'}]}"));
        Advance started = start(d, "p1", Map.of("campaign", 42L), at(T0));
        Advance other = StepMachine.onEvent(d, started.instance(),
                event("m-2", "Email Opened", Map.of("campaign", "41"), T0.plusSeconds(5)), at(T0.plusSeconds(5)));
        assertThat(other.changed()).isFalse();
        Advance opened = StepMachine.onEvent(d, started.instance(),
                event("m-3", "Email Opened", Map.of("campaign", "42"), T0.plusSeconds(9)), at(T0.plusSeconds(9)));
        assertThat(opened.effects()).singleElement().isInstanceOfSatisfying(Effect.SendRequested.class,
                s -> assertThat(s.templateId()).isEqualTo("thanks"));
        assertThat(opened.instance().status).isEqualTo(Status.COMPLETED);
        assertThat(StepMachine.onTimer(d, opened.instance(), at(T0.plus(Duration.ofDays(3)))).changed())
                .as("the timeout of a wait that ended").isFalse();
    }

    @Test
    void conditionsCanUseNow() {
        Conditions.Result result = Conditions.compile("timestamp(event.timestamp) < now - duration('1h')");
        assertThat(result.ok()).isTrue();
        assertThat(result.condition().test(Map.of("timestamp", "2026-11-20T10:00:00Z"), Map.of(), T0)).isTrue();
        assertThat(result.condition().test(Map.of("timestamp", "2026-11-20T11:30:00Z"), Map.of(), T0)).isFalse();
    }
}
