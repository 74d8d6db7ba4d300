package io.omnijourney.notification.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.notification.domain.TemplateContent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateRendererTest {

    private final TemplateRenderer renderer = new TemplateRenderer();

    private Map<String, Object> data(Object firstName) {
        return TemplateData.of("p-1", Map.of("email", List.of("ana@example.com")),
                new java.util.HashMap<>(Map.of("firstName", firstName, "tier", "gold")),
                new NotificationRequest.Trigger("m-1", "Order Shipped", Map.of("order_id", "o-9", "items", List.of("a", "b"))),
                Map.of("coupon", "WELCOME10"));
    }

    @Test
    void rendersProfileEventAndJourneyDataFromPlainMaps() {
        Map<String, String> out = renderer.render(new TemplateContent.Email(
                "Hi {profile.firstName}, order {event.properties.order_id}",
                "<p>{#if profile.tier == 'gold'}Gold{/if} {vars.coupon} to {identifiers.email}</p>",
                "{#each event.properties.items.orEmpty}x{/each}{event.name}"), data("Ana"));
        assertThat(out.get("subject")).isEqualTo("Hi Ana, order o-9");
        assertThat(out.get("html")).isEqualTo("<p>Gold WELCOME10 to ana@example.com</p>");
        assertThat(out.get("text")).isEqualTo("xxOrder Shipped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{7*7}", "{profile.firstName}", "{#include foo /}", "<script>alert(1)</script>",
            "{data:config}", "${7*7}", "#{7*7}"})
    void injectionPayloadsInDataStayLiteral(String payload) {
        Map<String, String> out = renderer.render(new TemplateContent.Email("Hi {profile.firstName}",
                "<b>{profile.firstName}</b>", "Hi {profile.firstName}"), data(payload));
        assertThat(out.get("subject")).isEqualTo("Hi " + payload);
        assertThat(out.get("text")).isEqualTo("Hi " + payload);
        assertThat(out.get("html")).isEqualTo("<b>" + payload.replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;") + "</b>");
    }

    @Test
    void htmlIsEscapedInHtmlBodiesOnlyAndRawIsNotAvailable() {
        Map<String, String> out = renderer.render(new TemplateContent.Email("{profile.firstName}",
                "<p>{profile.firstName}</p><p>{profile.firstName.raw}</p>", null), data("<script>x</script>"));
        assertThat(out.get("subject")).isEqualTo("<script>x</script>");
        assertThat(out.get("html")).isEqualTo("<p>&lt;script&gt;x&lt;/script&gt;</p><p></p>");
    }

    @Test
    void noMethodCallsOnJavaObjects() {
        Map<String, String> out = renderer.render(new TemplateContent.Sms(
                "[{profile.firstName.getClass()}][{profile.firstName.class}][{profile.firstName.length()}]"
                        + "[{profile.getClass().getClassLoader()}][{vars.coupon.toString()}]"), data("Ana"));
        assertThat(out.get("text")).isEqualTo("[][][][][]");
    }

    @Test
    void jsonBodiesEscapeValuesInsideStrings() {
        Map<String, String> out = renderer.render(new TemplateContent.Webhook("https://example.com/h",
                "{\"name\":\"{profile.firstName}\"}"), data("x\",\"admin\":true,\"y\":\"\n"));
        assertThat(out.get("body")).isEqualTo("{\"name\":\"x\\\",\\\"admin\\\":true,\\\"y\\\":\\\"\\n\"}");
    }

    @Test
    void missingValuesRenderAsNothing() {
        assertThat(renderer.render(new TemplateContent.Sms("Hi {profile.nickname}!"), data("Ana")).get("text"))
                .isEqualTo("Hi !");
    }

    @Test
    void syntaxErrorsReportPartLineAndColumn() {
        assertThatThrownBy(() -> renderer.validate(new TemplateContent.Email("ok", "<p>\n  {#if profile.a}\n</p>",
                null))).isInstanceOfSatisfying(TemplateSyntaxException.class, e -> {
                    assertThat(e.part()).isEqualTo("html");
                    assertThat(e.line()).isGreaterThanOrEqualTo(2);
                    assertThat(e.column()).isGreaterThanOrEqualTo(1);
                });
        assertThatThrownBy(() -> renderer.validate(new TemplateContent.Sms("Hello\nthere {profile.name")))
                .isInstanceOfSatisfying(TemplateSyntaxException.class, e -> {
                    assertThat(e.part()).isEqualTo("text");
                    assertThat(e.line()).isEqualTo(2);
                });
    }

    @Test
    void sectionsThatEvaluateOrIncludeOtherTemplatesAreRejected() {
        assertThatThrownBy(() -> renderer.validate(new TemplateContent.Sms("{#eval profile.firstName /}")))
                .isInstanceOf(TemplateSyntaxException.class);
        assertThatThrownBy(() -> renderer.validate(new TemplateContent.Sms("{#include other /}")))
                .isInstanceOf(TemplateSyntaxException.class);
    }
}
