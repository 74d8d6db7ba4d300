package io.omnijourney.notification.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.notification.domain.TemplateContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The renderer's budget: loops over lists only, iterations, output size and render time. */
class TemplateCostLimitsTest {

    private final List<TemplateLimitException> counted = Collections.synchronizedList(new ArrayList<>());
    private final TemplateRenderer renderer = new TemplateRenderer(TemplateRenderer.Limits.DEFAULT, counted::add);

    private static Map<String, Object> event(Map<String, Object> properties) {
        return TemplateData.of("p-1", Map.of(), Map.of(), new NotificationRequest.Trigger("m-1", "Order Completed",
                properties), Map.of());
    }

    private Map<String, String> render(String text, Map<String, Object> properties) {
        return renderer.render(new TemplateContent.Sms(text), event(properties));
    }

    @Test
    void aLoopOverAPropertyHandedAHundredMillionFailsFastInsteadOfRenderingForMinutes() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> render("{#for i in event.properties.n}x{/for}", Map.of("n", 100_000_000L)))
                .isInstanceOfSatisfying(TemplateLimitException.class, e -> {
                    assertThat(e.limit()).isEqualTo("loop-type");
                    assertThat(e.getMessage()).contains("{#for event.properties.n} at line 1")
                            .contains("lists only").contains("a number (100000000)");
                });
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.printf("a loop over 100000000 failed after %d ms%n", millis);
        assertThat(millis).isLessThan(1_000);
        assertThat(counted).extracting(TemplateLimitException::limit).containsExactly("loop-type");
    }

    @Test
    void stringsAndMapsAreNotIteratedEither() {
        assertThatThrownBy(() -> render("{#each event.properties.s}x{/each}", Map.of("s", "abcdef")))
                .isInstanceOfSatisfying(TemplateLimitException.class, e -> assertThat(e.getMessage())
                        .contains("a string"));
        assertThatThrownBy(() -> render("{#each event.properties.m}x{/each}", Map.of("m", Map.of("a", 1L))))
                .isInstanceOfSatisfying(TemplateLimitException.class, e -> assertThat(e.getMessage())
                        .contains("a map"));
    }

    @Test
    void aLoopOverALiteralIsRefusedWhenTheTemplateIsSaved() {
        assertThatThrownBy(() -> renderer.validate(new TemplateContent.Email("ok", "<p>\n{#for i in 100000000}x{/for}",
                null))).isInstanceOfSatisfying(TemplateSyntaxException.class, e -> {
                    assertThat(e.part()).isEqualTo("html");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("lists only").contains("100000000");
                });
    }

    @Test
    void aListRendersUpToTheLoopLimitAndNoFurther() {
        List<Long> thousand = IntStream.range(0, 1_000).mapToObj(i -> (long) i).toList();
        assertThat(render("{#each event.properties.l}.{/each}", Map.of("l", thousand)).get("text")).hasSize(1_000);
        List<Long> more = IntStream.range(0, 1_001).mapToObj(i -> (long) i).toList();
        assertThatThrownBy(() -> render("{#each event.properties.l}.{/each}", Map.of("l", more)))
                .isInstanceOfSatisfying(TemplateLimitException.class, e -> {
                    assertThat(e.limit()).isEqualTo("loop-iterations");
                    assertThat(e.getMessage()).contains("1001 times").contains("at most 1000");
                });
    }

    @Test
    void nestedLoopsShareOneBudgetOfIterations() {
        List<List<Long>> grid = IntStream.range(0, 100)
                .mapToObj(i -> IntStream.range(0, 200).mapToObj(j -> (long) j).toList()).toList();
        assertThatThrownBy(() -> render("{#with event.properties}{#for row in grid}{#for cell in row}.{/for}{/for}"
                + "{/with}", Map.of("grid", grid)))
                .isInstanceOfSatisfying(TemplateLimitException.class, e -> assertThat(e.limit())
                        .isEqualTo("total-iterations"));
        List<List<Long>> small = grid.subList(0, 40);
        assertThat(render("{#for row in event.properties.grid}{#for cell in row}.{/for}{/for}",
                Map.of("grid", small)).get("text")).hasSize(40 * 200);
    }

    @Test
    void theOutputOfAllPartsIsBounded() {
        String kilobyte = "y".repeat(1_024);
        List<String> lines = Collections.nCopies(300, kilobyte);
        assertThatThrownBy(() -> render("{#each event.properties.l}{it}{/each}", Map.of("l", lines)))
                .isInstanceOfSatisfying(TemplateLimitException.class, e -> {
                    assertThat(e.limit()).isEqualTo("output-size");
                    assertThat(e.getMessage()).contains("262144 characters");
                });
        assertThat(render("{#each event.properties.l}{it}{/each}", Map.of("l", lines.subList(0, 200)))
                .get("text")).hasSize(200 * 1_024);
    }

    @Test
    void aRenderPastItsTimeLimitStops() {
        TemplateRenderer hurried = new TemplateRenderer(new TemplateRenderer.Limits(1_000, 10_000, 262_144,
                Duration.ZERO), counted::add);
        assertThatThrownBy(() -> hurried.render(new TemplateContent.Sms("{#each event.properties.l}.{/each}"),
                event(Map.of("l", List.of(1L, 2L))))).isInstanceOfSatisfying(TemplateLimitException.class,
                        e -> assertThat(e.limit()).isEqualTo("render-time"));
        assertThat(counted).isNotEmpty();
    }
}
