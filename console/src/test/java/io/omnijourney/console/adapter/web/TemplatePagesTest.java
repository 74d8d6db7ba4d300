package io.omnijourney.console.adapter.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.omnijourney.console.ServicesStandIn;
import io.omnijourney.console.SignedIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = ServicesStandIn.class, restrictToAnnotatedClass = true)
class TemplatePagesTest {

    static final String EMAIL = "{\"templateId\":\"order-thanks\",\"channel\":\"email\",\"defaultLocale\":\"en\","
            + "\"url\":null,\"locales\":{\"en\":{\"subject\":\"Thanks {profile.firstName}\","
            + "\"html\":\"<p>Hi {profile.firstName}</p>\",\"text\":\"Hi {profile.firstName}\",\"title\":null,"
            + "\"body\":null,\"deepLink\":null},\"pt\":{\"subject\":\"Obrigado\",\"html\":\"<p>Olá</p>\"}},"
            + "\"sms\":null,\"updatedAt\":\"2026-12-01T10:00:00Z\",\"transactional\":false,\"survey\":\"nps\"}";
    static final String SMS = "{\"templateId\":\"order-thanks\",\"channel\":\"sms\",\"defaultLocale\":\"en\","
            + "\"locales\":{\"en\":{\"text\":\"Thanks {profile.firstName}\"}},\"sms\":{\"en\":{\"encoding\":\"GSM-7\","
            + "\"length\":26,\"segments\":1}},\"updatedAt\":\"2026-12-01T10:00:00Z\",\"transactional\":false,"
            + "\"survey\":null}";
    static final String RECEIPT = "{\"templateId\":\"receipt\",\"channel\":\"push\",\"defaultLocale\":\"en\","
            + "\"locales\":{\"en\":{\"title\":\"Receipt\",\"body\":\"Paid\"}},\"transactional\":true,\"survey\":null}";

    @BeforeEach
    void stubs() {
        ServicesStandIn.reset();
        stub(get(urlEqualTo("/templates")), 200, "[" + EMAIL + "," + SMS + "," + RECEIPT + "]");
        stub(get(urlEqualTo("/templates/order-thanks/email")), 200, EMAIL);
        stub(get(urlEqualTo("/templates/order-thanks/sms")), 200, SMS);
        stub(get(urlEqualTo("/templates/brand-new/push")), 404, "{\"error\":\"template 'brand-new' not found\"}");
    }

    private static void stub(com.github.tomakehurst.wiremock.client.MappingBuilder request, int status, String body) {
        ServicesStandIn.server().stubFor(request.willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void the_list_shows_each_template_id_with_its_channels_locales_and_marks() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/templates");
        ServicesStandIn.server().resetRequests();
        String html = marketer.request().get("/templates").then().statusCode(200).extract().asString();
        assertThat(html).contains("data-template=\"order-thanks\"").contains("href=\"/templates/order-thanks/email\"")
                .contains("href=\"/templates/order-thanks/sms\"").contains("en, pt").contains("nps")
                .contains("data-template=\"receipt\"").contains(">transactional<").contains("id=\"new-template-form\"");
        ServicesStandIn.server().verify(1, WireMock.getRequestedFor(urlEqualTo("/templates"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.MARKETER)));
    }

    @Test
    void the_editor_shows_the_parts_of_the_channel_per_locale() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/templates");
        String html = marketer.request().get("/templates/order-thanks/email").then().statusCode(200).extract()
                .asString();
        assertThat(html).contains("id=\"template-form\"").contains("name=\"locale.0\" value=\"en\"")
                .contains("name=\"locale.1\" value=\"pt\"").contains("name=\"locale.0.subject\"")
                .contains("&lt;p&gt;Hi {profile.firstName}&lt;/p&gt;</textarea>")
                .contains("<option value=\"nps\" selected>").contains("id=\"delete-form\"")
                .doesNotContain("id=\"transactional\"");
        String sms = marketer.request().get("/templates/order-thanks/sms").then().statusCode(200).extract()
                .asString();
        assertThat(sms).contains("name=\"locale.0.text\"").doesNotContain("locale.0.subject");
    }

    @Test
    void a_new_template_opens_an_empty_editor_and_saving_puts_it() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/templates");
        Response opened = marketer.request().queryParam("id", "brand-new").queryParam("channel", "push")
                .get("/templates/new");
        assertThat(opened.statusCode()).isEqualTo(303);
        assertThat(opened.header("Location")).endsWith("/templates/brand-new/push?new=1");
        String html = marketer.request().get("/templates/brand-new/push?new=1").then().statusCode(200).extract()
                .asString();
        assertThat(html).contains("name=\"locale.0.title\"").contains("name=\"locale.0.deepLink\"")
                .contains("name=\"isNew\"").doesNotContain("id=\"delete-form\"");

        stub(put(urlEqualTo("/templates/brand-new/push")), 200, RECEIPT);
        marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "save")
                .formParam("defaultLocale", "en").formParam("survey", "csat").formParam("locale.0", "en")
                .formParam("locale.0.title", "Hi {profile.firstName}").formParam("locale.0.body", "Your order")
                .formParam("locale.0.deepLink", "").formParam("transactional", "true")
                .post("/templates/brand-new/push").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/templates/brand-new/push?saved=1"));
        ServicesStandIn.server().verify(putRequestedFor(urlEqualTo("/templates/brand-new/push"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.MARKETER))
                .withRequestBody(equalToJson("{\"defaultLocale\":\"en\",\"survey\":\"csat\",\"locales\":{\"en\":"
                        + "{\"title\":\"Hi {profile.firstName}\",\"body\":\"Your order\"}}}")));
    }

    @Test
    void an_admin_saves_the_transactional_mark_and_removes_a_locale() {
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/templates");
        assertThat(admin.request().get("/templates/order-thanks/email").asString()).contains("id=\"transactional\"");
        stub(put(urlEqualTo("/templates/order-thanks/email")), 200, EMAIL);
        admin.request().formParam("csrf", admin.csrf()).formParam("op", "save").formParam("defaultLocale", "en")
                .formParam("survey", "none").formParam("transactional", "true")
                .formParam("locale.0", "en").formParam("locale.0.subject", "S").formParam("locale.0.html", "<p>H</p>")
                .formParam("locale.1", "pt").formParam("locale.1.subject", "P").formParam("remove.1", "true")
                .post("/templates/order-thanks/email").then().statusCode(303);
        ServicesStandIn.server().verify(putRequestedFor(urlEqualTo("/templates/order-thanks/email"))
                .withRequestBody(equalToJson("{\"defaultLocale\":\"en\",\"transactional\":true,\"locales\":{\"en\":"
                        + "{\"subject\":\"S\",\"html\":\"<p>H</p>\"}}}")));
    }

    @Test
    void a_syntax_error_is_shown_at_its_part_line_and_column_with_the_text_kept() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/templates");
        stub(put(urlEqualTo("/templates/order-thanks/email")), 400, "{\"error\":\"invalid template\",\"details\":"
                + "[{\"field\":\"locales.en.html\",\"problem\":\"line 2, column 5: unterminated section\"},"
                + "{\"field\":\"defaultLocale\",\"problem\":\"required\"}]}");
        String html = marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "save")
                .formParam("defaultLocale", "en").formParam("locale.0", "en")
                .formParam("locale.0.subject", "Hello").formParam("locale.0.html", "<p>\n    {#if x}<b>typed</b>")
                .post("/templates/order-thanks/email").then().statusCode(400).extract().asString();
        assertThat(html).contains("line 2, column 5: unterminated section")
                .contains("id=\"locale-0-html-problem\"").contains("aria-invalid=\"true\"")
                .contains("&lt;p&gt;\n    {#if x}&lt;b&gt;typed&lt;/b&gt;</textarea>")
                .contains("<code class=\"pointer\">defaultLocale</code> required");
    }

    @Test
    void the_preview_renders_the_unsaved_draft_in_a_sandboxed_frame() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/templates");
        stub(post(urlEqualTo("/templates/order-thanks/email/preview")), 200, "{\"templateId\":\"order-thanks\","
                + "\"channel\":\"email\",\"locale\":\"pt\",\"dataSource\":\"sample\",\"rendered\":{\"subject\":"
                + "\"Obrigado Ana\",\"html\":\"<p class=\\\"x\\\">Olá &lt;b&gt;Ana</p><script>alert(1)</script>\","
                + "\"text\":\"Olá Ana\"},\"sms\":null}");
        String html = marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "preview")
                .formParam("defaultLocale", "en").formParam("locale.0", "en")
                .formParam("locale.0.subject", "unsaved subject").formParam("previewLocale", "pt")
                .formParam("sample", "{\"profile\": {\"firstName\": \"Ana\"}}")
                .post("/templates/order-thanks/email").then().statusCode(200).extract().asString();
        assertThat(html).contains("sandbox=\"\"")
                .contains("srcdoc=\"&lt;p class=&quot;x&quot;&gt;Olá &amp;lt;b&amp;gt;Ana&lt;/p&gt;"
                        + "&lt;script&gt;alert(1)&lt;/script&gt;\"")
                .doesNotContain("<script>alert(1)").contains("Obrigado Ana").contains("Olá Ana")
                .contains("value=\"unsaved subject\"").doesNotContain("preview-saved-only");
        assertThat(html).doesNotContain("allow-scripts");
        ServicesStandIn.server().verify(postRequestedFor(urlEqualTo("/templates/order-thanks/email/preview"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.MARKETER))
                .withRequestBody(equalToJson("{\"locale\":\"pt\",\"sample\":{\"profile\":{\"firstName\":\"Ana\"}},"
                        + "\"template\":{\"defaultLocale\":\"en\",\"locales\":{\"en\":"
                        + "{\"subject\":\"unsaved subject\"}}}}")));
    }

    @Test
    void an_sms_preview_shows_encoding_length_and_segments() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/templates");
        stub(post(urlEqualTo("/templates/order-thanks/sms/preview")), 200, "{\"templateId\":\"order-thanks\","
                + "\"channel\":\"sms\",\"locale\":\"en\",\"dataSource\":\"sample\",\"rendered\":{\"text\":"
                + "\"Thanks Ana €\"},\"sms\":{\"encoding\":\"GSM-7\",\"length\":12,\"segments\":1}}");
        String html = marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "preview")
                .formParam("defaultLocale", "en").formParam("locale.0", "en").formParam("locale.0.text", "x")
                .post("/templates/order-thanks/sms").then().statusCode(200).extract().asString();
        assertThat(html).contains("Thanks Ana €").contains("GSM-7").contains("12 characters · 1 segment");
    }

    @Test
    void a_failed_preview_is_shown_with_its_position_and_the_form_kept() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/templates");
        String html = marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "preview")
                .formParam("defaultLocale", "en").formParam("locale.0", "en").formParam("locale.0.text", "typed")
                .formParam("sample", "{\"profile\": \n {oops}")
                .post("/templates/order-thanks/sms").then().statusCode(400).extract().asString();
        assertThat(html).contains("id=\"preview-problems\"").contains("line 2, column").contains(">typed</textarea>");
        ServicesStandIn.server().verify(0, postRequestedFor(urlPathMatching("/templates/.*/preview")));

        stub(post(urlEqualTo("/templates/order-thanks/sms/preview")), 500, "{\"error\":\"internal error\"}");
        html = marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "preview")
                .formParam("defaultLocale", "en").formParam("locale.0", "en").formParam("locale.0.text", "typed")
                .post("/templates/order-thanks/sms").then().statusCode(502).extract().asString();
        assertThat(html).contains("could not render this preview").contains(">typed</textarea>");

        stub(post(urlEqualTo("/templates/order-thanks/sms/preview")), 422, "{\"error\":\"render over budget\","
                + "\"details\":[{\"field\":\"locales.en.text\",\"problem\":\"loop-iterations: too many\"}]}");
        html = marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "preview")
                .formParam("defaultLocale", "en").formParam("locale.0", "en").formParam("locale.0.text", "typed")
                .post("/templates/order-thanks/sms").then().statusCode(400).extract().asString();
        assertThat(html).contains("<code class=\"pointer\">locales.en.text</code> loop-iterations: too many")
                .contains(">typed</textarea>");
    }

    @Test
    void the_json_preview_takes_the_token_from_a_header() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/templates");
        stub(post(urlEqualTo("/templates/order-thanks/sms/preview")), 200, "{\"locale\":\"en\",\"rendered\":"
                + "{\"text\":\"Hi\"},\"sms\":{\"encoding\":\"GSM-7\",\"length\":2,\"segments\":1}}");
        marketer.request().header("X-CSRF-Token", marketer.csrf()).formParam("sample", "{}")
                .formParam("defaultLocale", "en").formParam("locale.0", "en").formParam("locale.0.text", "Hi {x")
                .post("/templates/order-thanks/sms/preview").then().statusCode(200)
                .body("preview.rendered.text", org.hamcrest.Matchers.is("Hi"))
                .body("html", org.hamcrest.Matchers.containsString("id=\"preview-text\">Hi</pre>"));
        ServicesStandIn.server().verify(postRequestedFor(urlEqualTo("/templates/order-thanks/sms/preview"))
                .withRequestBody(equalToJson("{\"sample\":{},\"template\":{\"defaultLocale\":\"en\","
                        + "\"locales\":{\"en\":{\"text\":\"Hi {x\"}}}}")));
        marketer.request().formParam("sample", "{}").post("/templates/order-thanks/sms/preview").then()
                .statusCode(403);
    }

    @Test
    void an_analyst_reads_templates_without_edit_controls() {
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/templates");
        String list = analyst.request().get("/templates").then().statusCode(200).extract().asString();
        assertThat(list).doesNotContain("new-template-form");
        String html = analyst.request().get("/templates/order-thanks/email").then().statusCode(200).extract()
                .asString();
        assertThat(html).contains("id=\"template-readonly\"").contains("Thanks {profile.firstName}")
                .doesNotContain("<form method=\"post\" action=\"/templates").doesNotContain("<textarea")
                .doesNotContain("save-template");
    }

    @Test
    void a_forged_write_by_an_analyst_is_refused_by_the_service_and_shown() {
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/templates");
        stub(put(urlEqualTo("/templates/order-thanks/email")), 403,
                "{\"error\":\"forbidden: this API key lacks the role this operation needs\"}");
        String html = analyst.request().formParam("csrf", analyst.csrf()).formParam("op", "save")
                .formParam("defaultLocale", "en").formParam("locale.0", "en").formParam("locale.0.subject", "x")
                .post("/templates/order-thanks/email").then().statusCode(403).extract().asString();
        assertThat(html).contains("id=\"template-refusal\"").contains("your role does not allow");
    }

    @Test
    void a_write_without_the_csrf_token_is_refused_and_nothing_is_sent() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/templates");
        marketer.request().formParam("csrf", "forged").formParam("op", "save").formParam("locale.0", "en")
                .post("/templates/order-thanks/email").then().statusCode(403);
        marketer.request().formParam("op", "preview").post("/templates/order-thanks/email").then().statusCode(403);
        marketer.request().post("/templates/order-thanks/email/delete").then().statusCode(403);
        ServicesStandIn.server().verify(0, putRequestedFor(anyUrl()));
        ServicesStandIn.server().verify(0, postRequestedFor(anyUrl()));
        ServicesStandIn.server().verify(0, WireMock.deleteRequestedFor(anyUrl()));
    }
}
