package io.omnijourney.journey.domain;

import static io.omnijourney.journey.domain.Definitions.example;
import static io.omnijourney.journey.domain.Definitions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefinitionParserTest {

    private static List<DefinitionProblem> problems(ObjectNode definition) {
        try {
            DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            return e.problems();
        }
        throw new AssertionError("expected the definition to be rejected");
    }

    private static ObjectNode minimal(String steps) {
        return json("{'name':'t','trigger':{'events':['Product Viewed']},'steps':" + steps + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wishlist-offers", "abandoned-checkout", "order-shipped-sms", "nps-survey", "win-back"})
    void everyShippedExampleIsValid(String name) {
        JourneyDefinition definition = DefinitionParser.parse(example(name));
        assertThat(definition.steps()).isNotEmpty();
        assertThat(definition.triggerKeys()).isNotEmpty();
    }

    @Test
    void abandonedCheckoutReadsAsWritten() {
        JourneyDefinition d = DefinitionParser.parse(example("abandoned-checkout"));
        assertThat(d.triggerKeys()).containsExactly("Checkout Started");
        assertThat(d.exitCriteria()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("Order Completed");
            assertThat(e.correlation()).contains("checkout_id");
        });
        Step.WaitForEvent wait = (Step.WaitForEvent) d.firstStep();
        assertThat(wait.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(wait.timedOut()).isEqualTo("reminder-email");
    }

    @Test
    void segmentTriggerIsIndexedUnderItsSegment() {
        assertThat(DefinitionParser.parse(example("win-back")).triggerKeys()).containsExactly("segment:inactive-30-days");
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "Email", "phone", "userId", "anonymousId", "deviceId", "pushToken",
            "emailOptIn", "smsOptIn", "whatsappOptIn", "pushOptIn", "consent", "marketingConsent", "newsletterSubscribed",
            "unsubscribed", "sms_opt_out"})
    void updateTraitCannotTouchIdentifiersOrConsent(String trait) {
        assertThat(problems(minimal("[{'id':'u','type':'update_trait','trait':'" + trait + "','value':true}]")))
                .anySatisfy(p -> {
                    assertThat(p.pointer()).isEqualTo("/steps/0/trait");
                    assertThat(p.problem()).startsWith("reserved trait '" + trait + "'");
                });
    }

    @Test
    void updateTraitMayWriteOrdinaryTraits() {
        DefinitionParser.parse(minimal("[{'id':'u','type':'update_trait','trait':'stage','value':'nurtured'}]"));
        DefinitionParser.parse(minimal("[{'id':'u','type':'update_trait','trait':'emailsOpened','value':3}]"));
    }

    @Test
    void unknownStepReferenceIsPointedAt() {
        assertThat(problems(minimal("[{'id':'a','type':'wait','duration':'PT1H','next':'nowhere'}]")))
                .containsExactly(new DefinitionProblem("/steps/0/next", "unknown step 'nowhere'"));
    }

    @Test
    void unreachableStepIsReported() {
        assertThat(problems(minimal("[{'id':'a','type':'exit'},{'id':'b','type':'exit'}]")))
                .containsExactly(new DefinitionProblem("/steps/1", "step 'b' is unreachable from the first step"));
    }

    @Test
    void loopWithoutWaitIsRejectedAndALoopThroughAWaitIsNot() {
        List<DefinitionProblem> found = problems(minimal("[{'id':'a','type':'branch','conditions':[{'if':'true',"
                + "'next':'b'}]},{'id':'b','type':'update_trait','trait':'x','value':1,'next':'a'}]"));
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/steps/1/next");
            assertThat(p.problem()).contains("loop without a wait").contains("a -> b -> a");
        });
        DefinitionParser.parse(minimal("[{'id':'a','type':'branch','conditions':[{'if':'true','next':'w'}]},"
                + "{'id':'w','type':'wait','duration':'P1D','next':'a'}]"));
    }

    @Test
    void invalidCelCarriesItsPosition() {
        ObjectNode definition = json("{'name':'t','trigger':{'events':['Checkout Started'],"
                + "'condition':'event.properties.total >'},'steps':[{'id':'a','type':'exit'}]}");
        assertThat(problems(definition)).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/trigger/condition");
            assertThat(p.problem()).startsWith("invalid CEL at line 1, column 25 (offset 24): mismatched input '<EOF>'");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.Runtime.getRuntime().exec('id') == null", "System.exit(1) == null",
            "env.HOME == 'x'", "has(event.x) && request.auth == 'x'"})
    void celReachingBeyondEventAndProfileIsRejected(String expression) {
        ObjectNode definition = minimal("[{'id':'a','type':'exit'}]");
        definition.put("audience", expression);
        assertThat(problems(definition)).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/audience");
            assertThat(p.problem()).contains("undeclared reference");
        });
    }

    @Test
    void eightNestedComprehensionsAreRefusedWithThePositionOfTheThirdLevel() {
        StringBuilder condition = new StringBuilder();
        for (int level = 0; level < 8; level++) {
            condition.append("event.properties.items.all(i").append(level).append(", ");
        }
        condition.append("i0 == i7").append(")".repeat(8));
        int third = condition.indexOf("all(i2") + "all".length();
        ObjectNode definition = minimal("[{'id':'a','type':'exit'}]");
        definition.put("audience", condition.toString());

        assertThat(problems(definition)).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/audience");
            assertThat(p.problem()).startsWith("invalid CEL at line 1, column " + (third + 1) + " (offset " + third
                    + "): comprehensions").contains("nested 3 deep; at most 2");
        });
    }

    @Test
    void nonBooleanConditionIsRejected() {
        ObjectNode definition = minimal("[{'id':'a','type':'exit'}]");
        definition.put("audience", "1 + 2");
        assertThat(problems(definition)).singleElement().satisfies(p ->
                assertThat(p.problem()).contains("expected type 'bool'"));
    }

    @Test
    void durationsOutOfRangeAndMalformedArePointedAt() {
        assertThat(problems(minimal("[{'id':'a','type':'wait','duration':'P400D','next':'b'},"
                + "{'id':'b','type':'wait_for_event','event':'X','timeout':'1 hour'}]")))
                .extracting(DefinitionProblem::pointer)
                .containsExactly("/steps/0/duration", "/steps/1/timeout");
    }

    @Test
    void inAppIsASendChannelAndFallsBackLikeAnyOther() {
        JourneyDefinition d = DefinitionParser.parse(minimal("[{'id':'a','type':'send','channel':'in_app',"
                + "'templateId':'t','fallback':['email']},{'id':'b','type':'send','channel':'web','templateId':'t'}]"
                .replace("'fallback':['email']}", "'fallback':['email'],'next':'b'}")));
        assertThat(((Step.Send) d.step("a").orElseThrow()).channels())
                .containsExactly(io.omnijourney.contract.touchpoint.Channel.MOBILE,
                        io.omnijourney.contract.touchpoint.Channel.EMAIL);
        assertThat(((Step.Send) d.step("b").orElseThrow()).channels())
                .containsExactly(io.omnijourney.contract.touchpoint.Channel.WEB);
    }

    @Test
    void unknownAndUndeliverableChannelsAreRejected() {
        ObjectNode definition = minimal("[{'id':'a','type':'send','channel':'fax','templateId':'t',"
                + "'fallback':['store']}]");
        ((ObjectNode) definition.get("trigger")).putArray("channels").add("web").add("carrier-pigeon");
        assertThat(problems(definition)).extracting(DefinitionProblem::pointer)
                .containsExactly("/trigger/channels/1", "/steps/0/channel", "/steps/0/fallback/0");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ObjectNode definition = json("{'trigger':{},'entry':{'reentry':'sometimes'},"
                + "'steps':[{'id':'a','type':'teleport'},{'id':'a','type':'exit'}]}");
        assertThat(problems(definition)).extracting(DefinitionProblem::pointer)
                .containsExactly("/name", "/trigger", "/entry/reentry", "/steps/0/type", "/steps/1/id");
    }

    @Test
    void randomSplitMustAddUpToOneHundred() {
        assertThat(problems(minimal("[{'id':'s','type':'random_split','paths':[{'percent':50,'next':'a'},"
                + "{'percent':40,'next':'a'}]},{'id':'a','type':'exit'}]")))
                .containsExactly(new DefinitionProblem("/steps/0/paths", "percentages must add up to 100, they add up to 90"));
    }

    @Test
    void splitPathsMayBeNamedAndOneOfThemMarkedAsTheControl() {
        JourneyDefinition d = DefinitionParser.parse(minimal("[{'id':'s','type':'random_split','paths':["
                + "{'percent':50,'next':'a','name':'plain offer'},{'percent':50,'next':'a','name':'10% off',"
                + "'control':true}]},{'id':'a','type':'exit'}]"));
        Step.RandomSplit split = (Step.RandomSplit) d.step("s").orElseThrow();
        assertThat(split.control()).isEqualTo(1);
        assertThat(split.paths()).extracting(Step.RandomSplit.Path::name).containsExactly("plain offer", "10% off");
        assertThat(((Step.RandomSplit) DefinitionParser.parse(minimal("[{'id':'s','type':'random_split','paths':["
                + "{'percent':50,'next':'a'},{'percent':50,'next':'a'}]},{'id':'a','type':'exit'}]"))
                .step("s").orElseThrow()).control()).as("the first path by default").isZero();
    }

    @Test
    void splitPathsAreCheckedOneByOne() {
        assertThat(problems(minimal("[{'id':'s','type':'random_split','paths':[{'percent':40,'next':'a',"
                + "'control':true},{'percent':30,'next':'a','control':true},{'percent':20,'next':'a','control':'yes'},"
                + "7]},{'id':'a','type':'exit'}]")))
                .containsExactly(new DefinitionProblem("/steps/0/paths/1/control",
                                "only one path can be the control, path 0 is"),
                        new DefinitionProblem("/steps/0/paths/2/control", "must be true or false"),
                        new DefinitionProblem("/steps/0/paths/3", "must be an object {percent, next}"));
    }

    @Test
    void holdoutIsAShareOfEntrantsFromOneToFiftyPercent() {
        String steps = ",'steps':[{'id':'a','type':'exit'}]}";
        String head = "{'name':'t','trigger':{'events':['Product Viewed']},";
        assertThat(DefinitionParser.parse(json(head + "'holdout':{'percent':10}" + steps)).holdoutPercent())
                .isEqualTo(10);
        assertThat(DefinitionParser.parse(json(head.substring(0, head.length() - 1) + steps)).holdoutPercent())
                .isZero();
        for (String bad : List.of("{'percent':0}", "{'percent':51}", "{'percent':12.5}", "{'percent':'10'}", "10",
                "{'percent':99999999999}")) {
            assertThat(problems(json(head + "'holdout':" + bad + steps))).as(bad)
                    .containsExactly(new DefinitionProblem("/holdout/percent", "must be an integer from 1 to 50"));
        }
    }

    @Test
    void aReplyStepStandsForAWaitAndABranchAndEveryBadPartIsNamed() {
        JourneyDefinition d = DefinitionParser.parse(minimal("[{'id':'r','type':'wait_for_reply','timeout':'PT1H',"
                + "'replies':[{'keywords':['yes'],'next':'a'}],'otherwise':'a','timedOut':'a'},{'id':'a','type':'exit'}]"));
        Step.WaitForEvent wait = (Step.WaitForEvent) d.step("r").orElseThrow();
        assertThat(wait.event()).isEqualTo("SMS Received");
        assertThat(wait.received()).isEqualTo("r#reply");
        assertThat(d.step("r#reply")).get().isInstanceOf(Step.Branch.class);
        assertThat(d.firstStep().id()).isEqualTo("r");

        assertThat(problems(minimal("[{'id':'r','type':'wait_for_reply','channel':'fax','timeout':'PT1H','replies':["
                + "{'keywords':['yes','no way!'],'next':'a'},{'keywords':['ok'],'pattern':'x','next':'a'},"
                + "{'pattern':'(unclosed','next':'a'},{'keywords':['fine'],'next':'nowhere'}]},{'id':'a','type':'exit'}]")))
                .extracting(DefinitionProblem::pointer).containsExactlyInAnyOrder("/steps/0/channel",
                        "/steps/0/replies/0/keywords/1", "/steps/0/replies/1", "/steps/0/replies/2/pattern",
                        "/steps/0/replies/3/next");
        assertThat(problems(minimal("[{'id':'r','type':'wait_for_reply','timeout':'PT1H','replies':[]},"
                + "{'id':'a','type':'exit'}]"))).extracting(DefinitionProblem::pointer).contains("/steps/0/replies");
    }

    @Test
    void aReplyStepOnWhatsAppWaitsForWhatsAppReceived() {
        JourneyDefinition d = DefinitionParser.parse(minimal("[{'id':'r','type':'wait_for_reply','channel':'whatsapp',"
                + "'timeout':'PT24H','replies':[{'keywords':['yes'],'next':'a'}],'otherwise':'a','timedOut':'a'},"
                + "{'id':'a','type':'exit'}]"));

        Step.WaitForEvent wait = (Step.WaitForEvent) d.step("r").orElseThrow();
        assertThat(wait.event()).isEqualTo("WhatsApp Received");
        assertThat(wait.received()).isEqualTo("r#reply");
        assertThat(problems(minimal("[{'id':'r','type':'wait_for_reply','channel':'fax','timeout':'PT1H',"
                + "'replies':[{'keywords':['yes'],'next':'a'}]},{'id':'a','type':'exit'}]")))
                .containsExactly(new DefinitionProblem("/steps/0/channel", "replies come on: sms, whatsapp"));
    }

    @Test
    void aSendStepMayUseWhatsAppWithAnSmsFallback() {
        JourneyDefinition d = DefinitionParser.parse(minimal("[{'id':'s','type':'send','channel':'whatsapp',"
                + "'fallback':['sms'],'templateId':'order-update','category':'transactional'}]"));

        assertThat(((Step.Send) d.step("s").orElseThrow()).channels())
                .containsExactly(io.omnijourney.contract.touchpoint.Channel.WHATSAPP,
                        io.omnijourney.contract.touchpoint.Channel.SMS);
        assertThat(problems(minimal("[{'id':'s','type':'send','channel':'telegram','templateId':'t'}]")))
                .extracting(DefinitionProblem::problem)
                .anySatisfy(p -> assertThat(p).contains("unknown channel 'telegram'").contains("whatsapp"));
    }

    @Test
    void malformedTopLevelIsRejected() {
        assertThatThrownBy(() -> DefinitionParser.parse(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()))
                .isInstanceOf(InvalidDefinitionException.class);
    }
}
