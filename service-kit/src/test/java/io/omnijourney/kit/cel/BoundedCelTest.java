package io.omnijourney.kit.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedCelTest {

    private static final CelLimits LIMITS = CelLimits.DEFAULTS;
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(BoundedCel.options(LIMITS))
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("profile", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(BoundedCel.options(LIMITS)).build();
    private static final Map<String, Object> PROFILE = Map.of("profile", Map.of(
            "list", List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L),
            "traits", Map.of("plan", "gold", "name", "a".repeat(30) + "!")));

    @Test
    void eightNestedComprehensionsOverTenElementsAreRefusedAtTheThirdLevelWithItsPosition() {
        String eightDeep = nested(8);
        List<CelProblem> problems = refused(eightDeep);

        assertThat(problems).hasSize(1);
        CelProblem problem = problems.get(0);
        assertThat(problem.message()).contains("nested 3 deep").contains("at most 2");
        assertThat(problem.line()).isEqualTo(1);
        int third = eightDeep.indexOf("all(x2") + "all".length();
        assertThat(problem.offset()).isEqualTo(third);
        assertThat(problem.column()).isEqualTo(third + 1);
    }

    @Test
    void twoNestedComprehensionsAreAllowedAndOneInTheRangeOfAnotherIsNotNesting() {
        assertThat(compiled(nested(2))).isNotNull();
        assertThat(compiled("profile.list.filter(x, x > 2).map(y, y * 2).filter(z, z > 5).all(w, w > 0)"))
                .isNotNull();
    }

    @Test
    void tooLongTooDeepBlankAndInvalidExpressionsAreRefusedWithPositions() {
        assertThat(refused("true || " + "x".repeat(5000)).get(0).message()).contains("longer than 4096");
        String deep = "(".repeat(40) + "true" + ")".repeat(40);
        assertThat(compiled(deep)).as("parentheses add no depth").isNotNull();
        String deepLists = "size(" + "[".repeat(40) + "1" + "]".repeat(40) + ") > 0";
        CelProblem tooDeep = refused(deepLists).get(0);
        assertThat(tooDeep.message()).contains("nested more than 32 levels");
        assertThat(tooDeep.line()).isEqualTo(1);
        assertThat(refused(" ").get(0).message()).contains("required");
        CelProblem syntax = refused("profile.traits.plan ==\n  == 'gold'").get(0);
        assertThat(syntax.line()).isEqualTo(2);
        assertThat(syntax.column()).isEqualTo(3);
        assertThat(syntax.offset()).isEqualTo("profile.traits.plan ==\n  ".length());
    }

    @Test
    void aConditionWithinTheSaveLimitsButOverTheIterationBudgetIsCutOff() {
        String literal = IntStream.range(0, 500).mapToObj(i -> "1").collect(Collectors.joining(",", "[", "]"));
        String expression = literal + ".all(x, " + literal + ".all(y, x == y))";
        assertThat(expression.length()).isLessThanOrEqualTo(LIMITS.maxLength());
        CelRuntime.Program program = compiled(expression);

        CelOutcome outcome = BoundedCel.evaluate(program, PROFILE, LIMITS.withMaxTime(Duration.ofSeconds(30)));

        assertThat(outcome).isInstanceOfSatisfying(CelOutcome.OverBudget.class,
                o -> assertThat(o.reason()).contains("100000 loop iterations"));
        assertThat(outcome.holds()).isFalse();
    }

    @Test
    void aConditionOverTheTimeBudgetIsCutOffSoonAfterIt() {
        // A million iterations: seconds to minutes unbounded, depending on the machine.
        String literal = IntStream.range(0, 1000).mapToObj(i -> "1").collect(Collectors.joining(",", "[", "]"));
        String expression = literal + ".all(x, " + literal + ".all(y, x == y))";
        CelLimits slowAllowed = LIMITS.withMaxIterations(Integer.MAX_VALUE).withMaxTime(Duration.ofMillis(20));
        CelRuntime program = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(BoundedCel.options(slowAllowed)).build();
        CelRuntime.Program unbounded = program(expression, program);

        long start = System.nanoTime();
        CelOutcome outcome = BoundedCel.evaluate(unbounded, PROFILE, slowAllowed);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(outcome).isInstanceOfSatisfying(CelOutcome.OverBudget.class,
                o -> assertThat(o.reason()).contains("longer than 20 ms"));
        assertThat(tookMs).as("cut off soon after the budget (a busy machine adds its scheduling delays)")
                .isLessThan(2_000);
    }

    @Test
    void ordinaryConditionsEvaluateAndFailuresAreNotBudgetProblems() {
        CelLimits patient = LIMITS.withMaxTime(Duration.ofSeconds(30));
        assertThat(BoundedCel.evaluate(compiled("profile.traits.plan == 'gold'"), PROFILE, patient).holds()).isTrue();
        assertThat(BoundedCel.evaluate(compiled("profile.list.exists(x, x == 11)"), PROFILE, patient))
                .isEqualTo(new CelOutcome.Value(false));
        assertThat(BoundedCel.evaluate(compiled("profile.traits.missing == 'x'"), PROFILE, patient))
                .isInstanceOf(CelOutcome.Failed.class);
    }

    @Test
    void regularExpressionsRunOnLinearTimeAutomata() {
        // Catastrophic for a backtracking engine (2^30 paths, minutes); RE2J answers at once.
        CelRuntime.Program program = compiled("profile.traits.name.matches('^(a+)+$')");
        CelLimits patient = LIMITS.withMaxTime(Duration.ofSeconds(30));
        BoundedCel.evaluate(compiled("profile.traits.plan.matches('^g')"), PROFILE, patient);
        long start = System.nanoTime();
        CelOutcome outcome = BoundedCel.evaluate(program, PROFILE, patient);
        assertThat(outcome).isEqualTo(new CelOutcome.Value(false));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
        String hugePattern = "profile.traits.name.matches('(abc|def){300}')";
        assertThat(BoundedCel.evaluate(compiled(hugePattern), PROFILE, patient))
                .isInstanceOfSatisfying(CelOutcome.Failed.class, f -> assertThat(f.message()).contains("size"));
    }

    static String nested(int levels) {
        StringBuilder expression = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            expression.append("profile.list.all(x").append(i).append(", ");
        }
        expression.append("x0 >= 0");
        expression.append(String.join("", Collections.nCopies(levels, ")")));
        return expression.toString();
    }

    private static CelRuntime.Program compiled(String expression) {
        return program(expression, RUNTIME);
    }

    private static CelRuntime.Program program(String expression, CelRuntime runtime) {
        CelCompilation.Result result = CelCompilation.compile(expression, COMPILER, runtime, LIMITS);
        assertThat(result).as(String.valueOf(result)).isInstanceOf(CelCompilation.Compiled.class);
        return ((CelCompilation.Compiled) result).program();
    }

    private static List<CelProblem> refused(String expression) {
        CelCompilation.Result result = CelCompilation.compile(expression, COMPILER, RUNTIME, LIMITS);
        assertThat(result).isInstanceOf(CelCompilation.Refused.class);
        return ((CelCompilation.Refused) result).problems();
    }
}
