package io.omnijourney.notification.adapter;

import static io.omnijourney.notification.support.Requests.MARKETER_KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.omnijourney.contract.Topics;
import io.omnijourney.notification.support.ProvidersTestResource;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The marketer's template API: validation at save time, locale variants, SMS segments, previews (of stored templates
 * and of drafts), render budgets, roles.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.NOTIFICATION_REQUESTS + ":3," + Topics.NOTIFICATION_REQUESTS_DLQ + ":1," + Topics.TOUCHPOINTS
                + ":3," + Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1"))
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(ProvidersTestResource.class)
class TemplateApiTest {

    private static RequestSpecification marketer() {
        return given().header("X-API-Key", MARKETER_KEY).contentType(ContentType.JSON);
    }

    private static RequestSpecification as(String key) {
        return given().header("X-API-Key", key).contentType(ContentType.JSON);
    }

    private static String newId() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void emailTemplateIsStoredWithItsLocalesAndReadBack() {
        String id = newId();
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of(
                "en", Map.of("subject", "Hi {profile.firstName}", "html", "<p>Hi</p>", "text", "Hi"),
                "pt-BR", Map.of("subject", "Oi {profile.firstName}", "text", "Oi"))))
                .put("/templates/{id}/email", id).then().statusCode(200)
                .body("templateId", is(id)).body("channel", is("email"))
                .body("locales.en.subject", is("Hi {profile.firstName}"))
                .body("locales.pt-BR.text", is("Oi"));
        marketer().get("/templates/{id}/email", id).then().statusCode(200).body("defaultLocale", is("en"));
        marketer().get("/templates/{id}", id).then().statusCode(200).body("channel", hasItem("email"));
        marketer().get("/templates").then().statusCode(200).body("templateId", hasItem(id));
        marketer().delete("/templates/{id}/email", id).then().statusCode(204);
        marketer().get("/templates/{id}/email", id).then().statusCode(404).body("error", containsString("not found"));
    }

    @Test
    void smsTemplateReportsLengthEncodingAndSegments() {
        String id = newId();
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "a".repeat(161)),
                "el", Map.of("text", "Γειά σου {profile.firstName} 😀"))))
                .put("/templates/{id}/sms", id).then().statusCode(200)
                .body("sms.en.encoding", is("GSM-7")).body("sms.en.length", is(161)).body("sms.en.segments", is(2))
                .body("sms.el.encoding", is("UCS-2"));
        marketer().body(Map.of("locale", "en", "sample", Map.of("profile", Map.of("firstName", "Ana"))))
                .post("/templates/{id}/sms/preview", id).then().statusCode(200).body("sms.segments", is(2));
    }

    @Test
    void syntaxErrorIsA400WithPartLineAndColumnAndNothingIsStored() {
        String id = newId();
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject", "Hi",
                "html", "<p>\n{#if profile.vip}VIP\n</p>"))))
                .put("/templates/{id}/email", id).then().statusCode(400)
                .body("error", is("invalid template"))
                .body("details[0].field", is("locales.en.html"))
                .body("details[0].problem", containsString("line "))
                .body("details[0].problem", containsString("column "));
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text",
                "Hello\nthere {profile.name"))))
                .put("/templates/{id}/sms", id).then().statusCode(400)
                .body("details[0].field", is("locales.en.text"))
                .body("details[0].problem", containsString("line 2, column"));
        marketer().get("/templates/{id}/email", id).then().statusCode(404);
    }

    @Test
    void missingAndMisplacedFieldsAreReported() {
        String id = newId();
        marketer().body(Map.of("defaultLocale", "fr", "locales", Map.of("en", Map.of("title", "x"))))
                .put("/templates/{id}/email", id).then().statusCode(400)
                .body("details.field", hasItem("locales"))
                .body("details.field", hasItem("locales.en.subject"))
                .body("details.field", hasItem("locales.en.title"));
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("body", "{}"))))
                .put("/templates/{id}/webhook", id).then().statusCode(400).body("details.field", hasItem("url"));
        marketer().body(Map.of("defaultLocale", "en", "url", "ftp://x", "locales", Map.of("en", Map.of("body", "{}"))))
                .put("/templates/{id}/webhook", id).then().statusCode(400).body("details.field", hasItem("url"));
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "x"))))
                .put("/templates/{id}/fax", id).then().statusCode(400).body("details[0].field", is("channel"));
        marketer().body("{\"defaultLocale\": ").put("/templates/{id}/sms", id).then().statusCode(400)
                .body("error", org.hamcrest.Matchers.notNullValue()).body("details", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aSubjectWithALineBreakIsA400NamingTheSubject() {
        String id = newId();
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                "subject", "Hi\r\nBcc: everyone@example.com", "text", "Hi"))))
                .put("/templates/{id}/email", id).then().statusCode(400)
                .body("details.field", hasItem("locales.en.subject"))
                .body("details.problem", hasItem(containsString("no CR, LF")));
        marketer().get("/templates/{id}/email", id).then().statusCode(404);
    }

    @Test
    void aLoopOverALiteralIsA400NamingThePartAndLine() {
        String id = newId();
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                "text", "Hi\n{#for i in 100000000}x{/for}"))))
                .put("/templates/{id}/sms", id).then().statusCode(400)
                .body("details[0].field", is("locales.en.text"))
                .body("details[0].problem", containsString("line 2"))
                .body("details[0].problem", containsString("lists only"));
    }

    @Test
    void healthAndMetricsAreOpen() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItems("consumers", "SmallRye Reactive Messaging - readiness check"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void analystsReadTemplatesAndMarketersAndAdminsWriteThem() {
        String id = newId();
        Map<String, Object> body = Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "Hi")));
        given().get("/templates").then().statusCode(401);
        marketer().body(body).put("/templates/{id}/sms", id).then().statusCode(200);
        as("test-analyst-key").get("/templates").then().statusCode(200);
        as("test-analyst-key").get("/templates/{id}", id).then().statusCode(200);
        as("test-analyst-key").get("/templates/{id}/sms", id).then().statusCode(200);
        as("test-analyst-key").body(body).put("/templates/{id}/sms", id).then().statusCode(403);
        as("test-analyst-key").body(Map.of()).post("/templates/{id}/sms/preview", id).then().statusCode(403);
        as("test-analyst-key").delete("/templates/{id}/sms", id).then().statusCode(403);
        marketer().get("/notifications/{id}", "nothing-" + id).then().statusCode(403);
        as("test-analyst-key").post("/admin/dead-letters/notification-requests/replay").then().statusCode(403);
        marketer().post("/admin/dead-letters/notification-requests/replay").then().statusCode(403);
        given().header("Authorization", "Bearer test-admin-key").get("/templates").then().statusCode(200);
        given().header("Authorization", "Bearer test-admin-key").delete("/templates/{id}/sms", id).then()
                .statusCode(204);
    }

    @Test
    void onlyAnAdminMarksATemplateTransactionalOrChangesOneSoMarked() {
        String id = newId();
        Map<String, Object> marked = Map.of("defaultLocale", "en", "transactional", true,
                "locales", Map.of("en", Map.of("text", "Order {event.properties.order_id} shipped")));
        Map<String, Object> plain = Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "Sale!")));
        marketer().body(marked).put("/templates/{id}/sms", id).then().statusCode(403)
                .body("details[0].field", is("transactional"))
                .body("details[0].problem", containsString("only an admin"));
        as("test-admin-key").body(marked).put("/templates/{id}/sms", id).then().statusCode(200).body("transactional", is(true));
        marketer().get("/templates/{id}/sms", id).then().statusCode(200).body("transactional", is(true));
        marketer().body(plain).put("/templates/{id}/sms", id).then().statusCode(403)
                .body("details[0].field", is("transactional"));
        marketer().delete("/templates/{id}/sms", id).then().statusCode(403);
        marketer().get("/templates/{id}/sms", id).then().statusCode(200)
                .body("locales.en.text", containsString("shipped"));
        String other = newId();
        marketer().body(plain).put("/templates/{id}/sms", other).then().statusCode(200)
                .body("transactional", is(false));
        as("test-admin-key").delete("/templates/{id}/sms", id).then().statusCode(204);
    }

    @Test
    void previewRendersSampleDataWithLocaleFallbackAndKeepsPayloadsLiteral() {
        String id = newId();
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of(
                "en", Map.of("subject", "Hi {profile.firstName}", "html", "<p>{profile.firstName} {vars.x}</p>"),
                "pt", Map.of("subject", "Olá {profile.firstName}", "html", "<p>{profile.firstName}</p>"))))
                .put("/templates/{id}/email", id).then().statusCode(200);
        marketer().body(Map.of("locale", "pt-BR", "sample", Map.of("profile", Map.of("firstName",
                "{7*7}<script>alert(1)</script>"))))
                .post("/templates/{id}/email/preview", id).then().statusCode(200)
                .body("locale", is("pt")).body("dataSource", is("sample"))
                .body("rendered.subject", is("Olá {7*7}<script>alert(1)</script>"))
                .body("rendered.html", is("<p>{7*7}&lt;script&gt;alert(1)&lt;/script&gt;</p>"));
        marketer().body(Map.of("locale", "de", "sample", Map.of("profile", Map.of("firstName", "Jo"),
                "vars", Map.of("x", "y")))).post("/templates/{id}/email/preview", id).then().statusCode(200)
                .body("locale", is("en")).body("rendered.html", is("<p>Jo y</p>")).body("sms", nullValue());
    }

    @Test
    void previewByProfileIdNeedsALocalCopyOfTheProfile() {
        String id = newId();
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "Hi"))))
                .put("/templates/{id}/sms", id).then().statusCode(200);
        marketer().body(Map.of("profileId", "never-seen")).post("/templates/{id}/sms/preview", id).then()
                .statusCode(404).body("error", containsString("local copy"));
        marketer().body(Map.of()).post("/templates/{id}/push/preview", id).then().statusCode(404);
        marketer().body(Map.of()).post("/templates/{id}/sms/preview", id).then().statusCode(200)
                .body("rendered.text", equalTo("Hi"));
    }

    @Test
    void aDraftIsPreviewedAsTypedAndNothingIsStored() {
        String id = newId();
        marketer().body(Map.of("locale", "en", "sample", Map.of("profile", Map.of("firstName", "Ana")),
                "template", Map.of("defaultLocale", "en", "locales", Map.of(
                        "en", Map.of("subject", "Hi {profile.firstName}", "html", "<p>{profile.firstName}</p>")))))
                .post("/templates/{id}/email/preview", id).then().statusCode(200)
                .body("templateId", is(id)).body("dataSource", is("sample"))
                .body("rendered.subject", is("Hi Ana")).body("rendered.html", is("<p>Ana</p>"));
        marketer().get("/templates/{id}/email", id).then().statusCode(404);
    }

    @Test
    void aDraftOverridesTheStoredTemplateWithoutReplacingIt() {
        String id = newId();
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "Saved"))))
                .put("/templates/{id}/sms", id).then().statusCode(200);
        marketer().body(Map.of("template", Map.of("defaultLocale", "en", "locales", Map.of("en",
                Map.of("text", "Draft {profile.firstName}"))), "sample", Map.of("profile", Map.of("firstName", "Jo"))))
                .post("/templates/{id}/sms/preview", id).then().statusCode(200)
                .body("rendered.text", is("Draft Jo")).body("sms.segments", is(1));
        marketer().get("/templates/{id}/sms", id).then().statusCode(200).body("locales.en.text", is("Saved"));
    }

    @Test
    void aDraftIsCheckedAsASaveIsWithSyntaxErrorsByLineAndColumn() {
        String id = newId();
        marketer().body(Map.of("template", Map.of("defaultLocale", "en", "locales", Map.of("en",
                Map.of("text", "Hello\nthere {profile.name")))))
                .post("/templates/{id}/sms/preview", id).then().statusCode(400)
                .body("error", is("invalid template"))
                .body("details[0].field", is("locales.en.text"))
                .body("details[0].problem", containsString("line 2, column"));
        marketer().body(Map.of("template", Map.of("defaultLocale", "fr", "locales", Map.of("en",
                Map.of("title", "x")))))
                .post("/templates/{id}/email/preview", id).then().statusCode(400)
                .body("details.field", hasItems("locales", "locales.en.subject", "locales.en.title"));
        marketer().get("/templates/{id}/sms", id).then().statusCode(404);
    }

    @Test
    void aDraftOverTheRenderBudgetIsA422NamingTheField() {
        String id = newId();
        marketer().body(Map.of("locale", "en", "sample", Map.of("vars", Map.of("items",
                java.util.Collections.nCopies(1_001, "x"))), "template", Map.of("defaultLocale", "en",
                "locales", Map.of("en", Map.of("subject", "Hi",
                        "html", "<ul>{#for i in vars.items}<li>{i}</li>{/for}</ul>")))))
                .post("/templates/{id}/email/preview", id).then().statusCode(422)
                .body("error", is("render over budget"))
                .body("details[0].field", is("locales.en.html"))
                .body("details[0].problem", containsString("loop-iterations"));
    }

    @Test
    void aStoredTemplateOverTheRenderBudgetIsA422TooNotA500() {
        String id = newId();
        marketer().body(Map.of("defaultLocale", "en", "locales", Map.of("en",
                Map.of("text", "{#for i in vars.items}{i}{/for}"))))
                .put("/templates/{id}/sms", id).then().statusCode(200);
        marketer().body(Map.of("sample", Map.of("vars", Map.of("items", "not a list"))))
                .post("/templates/{id}/sms/preview", id).then().statusCode(422)
                .body("details[0].field", is("locales.en.text"))
                .body("details[0].problem", containsString("lists only"));
    }
}
