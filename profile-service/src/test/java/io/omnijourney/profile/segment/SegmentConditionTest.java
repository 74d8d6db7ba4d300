package io.omnijourney.profile.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.profile.domain.ExtractedIdentity;
import io.omnijourney.profile.domain.Identifiers;
import io.omnijourney.profile.domain.IdentityResolution;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.ProfileConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SegmentConditionTest {

    private static final ProfileConfig CONFIG = ProfileConfig.defaults();
    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");

    @Test
    void conditionsSeeTraitsComputedTraitsConsentCountersAndChannels() {
        Profile ana = profile(
                identify(Map.of("email", "ana@example.com", "plan", "gold", "age", 41, "tags", List.of("vip"))),
                track("Order Completed", Channel.STORE, Map.of("revenue", 120.5)),
                track("Order Completed", Channel.WEB, Map.of("revenue", 30)));
        Map<String, Object> activation = Map.of("profile", ProfileActivation.of(ana, T0.plus(Duration.ofDays(3))));

        assertMatches("profile.traits.plan == 'gold' && profile.traits.age > 40", activation);
        assertMatches("'vip' in profile.traits.tags", activation);
        assertMatches("profile.computed.orderCount == 2 && profile.computed.lifetimeRevenue > 150.0", activation);
        assertMatches("profile.events['Order Completed'] >= 2 && profile.channels.store.count == 1", activation);
        assertMatches("profile.identifiers.email.exists(e, e.endsWith('@example.com'))", activation);
        assertMatches("profile.daysSinceLastActivity == 3 && profile.daysSinceLastOrder == 3", activation);
        assertMatches("!has(profile.consent.sms)", activation);
        assertThat(SegmentCondition.compile("profile.traits.plan == 'silver'").evaluate(activation))
                .isEqualTo(SegmentCondition.Result.NO_MATCH);
    }

    @Test
    void aMissingKeyIsAnErrorUnlessGuardedByHas() {
        Map<String, Object> activation = Map.of("profile", ProfileActivation.of(profile(
                identify(Map.of("email", "rui@example.com"))), T0));

        assertThat(SegmentCondition.compile("profile.traits.plan == 'gold'").evaluate(activation))
                .isEqualTo(SegmentCondition.Result.ERROR);
        assertThat(SegmentCondition.compile("has(profile.traits.plan) && profile.traits.plan == 'gold'")
                .evaluate(activation)).isEqualTo(SegmentCondition.Result.NO_MATCH);
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        assertThatThrownBy(() -> SegmentCondition.compile("profile.traits.plan ==\n  == 'gold'"))
                .isInstanceOfSatisfying(InvalidConditionException.class, e -> {
                    assertThat(e.problems()).isNotEmpty();
                    assertThat(e.problems().get(0).line()).isEqualTo(2);
                    assertThat(e.problems().get(0).column()).isEqualTo(3);
                });
    }

    @Test
    void onlyTheProfileVariableExists() {
        for (String outside : List.of("event.name == 'x'", "java.lang.Runtime.getRuntime() != null",
                "System.exit(0) == 0", "now > 0")) {
            assertThatThrownBy(() -> SegmentCondition.compile(outside)).as(outside)
                    .isInstanceOfSatisfying(InvalidConditionException.class, e ->
                            assertThat(e.problems().get(0).message()).containsIgnoringCase("undeclared"));
        }
    }

    @Test
    void theResultMustBeABoolAndTheLengthIsBounded() {
        assertThatThrownBy(() -> SegmentCondition.compile("1 + 2")).isInstanceOf(InvalidConditionException.class);
        assertThatThrownBy(() -> SegmentCondition.compile("true || ".repeat(1000) + "true"))
                .isInstanceOfSatisfying(InvalidConditionException.class, e ->
                        assertThat(e.problems().get(0).message()).contains("4096"));
        assertThatThrownBy(() -> SegmentCondition.compile(" ")).isInstanceOf(InvalidConditionException.class);
    }

    @Test
    void theCatalogEvaluatesEverySegmentAndCountsErrors() {
        SegmentCatalog catalog = new SegmentCatalog();
        assertThat(catalog.replaceAll(List.of(segment("gold", "profile.traits.plan == 'gold'"),
                segment("buyers", "profile.computed.orderCount > 0")))).isTrue();
        long generation = catalog.generation();
        assertThat(catalog.replaceAll(List.of(segment("gold", "profile.traits.plan == 'gold'"),
                segment("buyers", "profile.computed.orderCount > 0")))).isFalse();
        assertThat(catalog.generation()).isEqualTo(generation);

        Profile rui = profile(identify(Map.of("email", "rui@example.com")), track("Order Completed", Channel.WEB,
                Map.of("revenue", 10)));
        assertThat(catalog.evaluate(rui, T0)).containsExactly("buyers");
        assertThat(catalog.errors()).isEqualTo(1);
        assertThat(catalog.nameOf("gold")).isEqualTo("Segment gold");
        assertThat(catalog.nameOf("deleted")).isEqualTo("deleted");
    }

    @Test
    void eightNestedComprehensionsAreRefusedAtSaveWithThePositionOfTheThirdLevel() {
        String eightDeep = "profile.identifiers.email.all(a, profile.identifiers.email.all(b, "
                + "profile.identifiers.email.all(c, profile.identifiers.email.all(d, profile.identifiers.email.all(e, "
                + "profile.identifiers.email.all(f, profile.identifiers.email.all(g, profile.identifiers.email.all(h, "
                + "a == h))))))))";

        assertThatThrownBy(() -> SegmentCondition.compile(eightDeep))
                .isInstanceOfSatisfying(InvalidConditionException.class, e -> {
                    InvalidConditionException.Problem problem = e.problems().get(0);
                    assertThat(problem.message()).contains("nested 3 deep").contains("at most 2");
                    assertThat(problem.line()).isEqualTo(1);
                    assertThat(problem.offset()).isEqualTo(eightDeep.indexOf("all(c") + "all".length());
                    assertThat(problem.toString()).contains("column " + (problem.offset() + 1));
                });
        assertThat(SegmentCondition.compile("profile.identifiers.email.all(a, profile.identifiers.email"
                + ".exists(b, a == b))").expression()).isNotNull();
    }

    @Test
    void aConditionWithinTheSaveLimitsButOverTheRunBudgetIsNotAMemberAndIsReportedOnce() {
        SegmentCatalog catalog = new SegmentCatalog();
        catalog.replaceAll(List.of(segment("costly", OVER_BUDGET), segment("buyers", "profile.computed.orderCount > 0")));
        Profile rui = profile(identify(Map.of("email", "rui@example.com")), track("Order Completed", Channel.WEB,
                Map.of("revenue", 10)));

        assertThat(catalog.evaluate(rui, T0)).containsExactly("buyers");
        assertThat(catalog.evaluate(rui, T0)).containsExactly("buyers");

        assertThat(catalog.overBudget()).isEqualTo(2);
        assertThat(catalog.errors()).isZero();
        List<SegmentCatalog.OverBudget> drained = catalog.drainOverBudget();
        assertThat(drained).singleElement().satisfies(o -> {
            assertThat(o.segmentId()).isEqualTo("costly");
            assertThat(o.revision()).isEqualTo(1);
            assertThat(o.reason()).containsAnyOf("100000 loop iterations", "longer than 200 ms");
        });
        assertThat(catalog.drainOverBudget()).isEmpty();
    }

    /** 250,000 iterations of two nested comprehensions over literal lists: within the save limits, over the budget. */
    static final String OVER_BUDGET = overBudget();

    private static String overBudget() {
        String literal = "[" + String.join(",", java.util.Collections.nCopies(500, "1")) + "]";
        return literal + ".all(x, " + literal + ".all(y, x == y))";
    }

    static io.omnijourney.profile.domain.Segment segment(String id, String condition) {
        return new io.omnijourney.profile.domain.Segment(id, "Segment " + id, null, condition, T0, T0, 1);
    }

    static Profile profile(TouchpointEvent... events) {
        Profile profile = Profile.create("p-1", T0);
        for (TouchpointEvent event : events) {
            ExtractedIdentity identity = Identifiers.extract(event, CONFIG.identity());
            List<Profile> owners = identity.lookupIdentifiers().stream().anyMatch(profile::has)
                    ? List.of(profile) : List.of();
            profile = profile.apply(event, IdentityResolution.decide(owners, identity, CONFIG.identity()), CONFIG);
        }
        return profile;
    }

    static TouchpointEvent identify(Map<String, Object> traits) {
        return TouchpointEventBuilder.of(EventType.IDENTIFY).messageId(UUID.randomUUID().toString()).userId("u-1")
                .traits(traits).channel(Channel.WEB).sourceId("src").timestamp(T0).receivedAt(T0).build();
    }

    static TouchpointEvent track(String name, Channel channel, Map<String, Object> properties) {
        return TouchpointEventBuilder.of(EventType.TRACK).messageId(UUID.randomUUID().toString()).userId("u-1")
                .event(name).properties(properties).channel(channel).sourceId("src").timestamp(T0).receivedAt(T0)
                .build();
    }

    private static void assertMatches(String condition, Map<String, Object> activation) {
        assertThat(SegmentCondition.compile(condition).evaluate(activation)).as(condition)
                .isEqualTo(SegmentCondition.Result.MATCH);
    }
}
