package io.omnijourney.journey.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conditions within the save limits that go over the run-time budget: cut off, not holding, remembered, counted. */
class ConditionBudgetTest {

    private static final Instant NOW = Instant.parse("2026-10-01T10:00:00Z");

    /** Two nested comprehensions over 400-element literals: 160,000 iterations, within every save-time limit. */
    static String overBudget() {
        String literal = "[" + String.join(",", Collections.nCopies(400, "1")) + "]";
        return literal + ".all(x, " + literal + ".all(y, x == y))";
    }

    @Test
    void anOverBudgetConditionDoesNotHoldIsRememberedAndTheNextEvaluationRunsNormally() {
        Conditions.Result compiled = Conditions.compile("has(event.properties.big) && " + overBudget());
        assertThat(compiled.ok()).as(String.valueOf(compiled.error())).isTrue();
        Condition condition = compiled.condition();
        long before = Condition.overBudgetTotal();

        boolean held = condition.test(Map.of("properties", Map.of("big", true)), Map.of(), NOW);

        assertThat(held).isFalse();
        assertThat(Condition.overBudgetTotal()).isEqualTo(before + 1);
        assertThat(condition.lastOverBudget()).get().satisfies(o -> {
            assertThat(o.reason()).containsAnyOf("100000 loop iterations", "longer than 200 ms");
            assertThat(o.condition()).startsWith("has(event.properties.big)");
        });
        assertThat(condition.test(Map.of("properties", Map.of()), Map.of(), NOW)).as("cheap for other events")
                .isFalse();
        Condition cheap = Conditions.compile("event.properties.total > 10").condition();
        assertThat(cheap.test(Map.of("properties", Map.of("total", 20L)), Map.of(), NOW)).isTrue();
        assertThat(cheap.lastOverBudget()).isEmpty();
    }

    @Test
    void theDefinitionReportsTheLatestCutOffOfAnyOfItsConditions() {
        JourneyDefinition definition = DefinitionParser.parse(Definitions.json("{'name':'t','trigger':{'events':"
                + "['Checkout Started'],'condition':'" + overBudget() + "'},'steps':[{'id':'a','type':'exit'}]}"));
        assertThat(definition.conditions()).hasSize(1);
        assertThat(definition.lastOverBudget()).isEmpty();

        definition.conditions().get(0).test(Map.of(), Map.of(), NOW);

        assertThat(definition.lastOverBudget()).isPresent();
        assertThat(List.of(definition.lastOverBudget().get().condition())).containsExactly(overBudget());
    }
}
