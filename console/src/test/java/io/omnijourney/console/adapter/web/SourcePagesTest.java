package io.omnijourney.console.adapter.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.omnijourney.console.ServicesStandIn;
import io.omnijourney.console.SignedIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = ServicesStandIn.class, restrictToAnnotatedClass = true)
class SourcePagesTest {

    /** ingest-service's SourceResponse (no key: list and get never carry one). */
    static final String WEB = """
            {"id":"src-web","name":"Shop <site>","channel":"web","kind":"tracking","status":"active",
             "keyPrefix":"wk_ab12","rateLimitPerSecond":null,
             "allowedOrigins":["https://shop.example","https://*.shop.example"],
             "createdAt":"2026-11-01T10:00:00Z","keyRotatedAt":null,"revokedAt":null,"writeKey":null,
             "webhookPath":null}
            """;
    static final String SENDGRID = """
            {"id":"src-sg","name":"SendGrid","channel":"email","kind":"sendgrid","status":"revoked",
             "keyPrefix":null,"allowedOrigins":null,"createdAt":"2026-11-02T10:00:00Z",
             "revokedAt":"2026-11-03T10:00:00Z","webhookPath":"/v1/webhooks/sendgrid/src-sg"}
            """;
    static final String NEW_KEY = "wk_cd34_THE-SECRET-NEW-KEY";

    WireMockServer services;

    @BeforeEach
    void stubs() {
        ServicesStandIn.reset();
        services = ServicesStandIn.server();
        services.stubFor(get(urlEqualTo("/admin/sources")).willReturn(json(200, "[" + WEB + "," + SENDGRID + "]")));
        services.stubFor(get(urlEqualTo("/admin/sources/src-web")).willReturn(json(200, WEB)));
        for (String key : new String[] {ServicesStandIn.ANALYST, ServicesStandIn.MARKETER}) {
            services.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathMatching("/admin/.*"))
                    .withHeader("X-API-Key", equalTo(key)).atPriority(1)
                    .willReturn(json(403, "{\"error\":\"forbidden\"}")));
        }
    }

    @Test
    void the_list_shows_each_source_with_channel_status_and_origins() {
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/sources");
        String html = admin.request().get("/sources").then().statusCode(200).extract().body().asString();
        assertThat(html).contains("data-source=\"src-web\"").contains("Shop &lt;site&gt;")
                .contains("https://*.shop.example").contains("wk_ab12").contains("channel-web")
                .contains("data-source=\"src-sg\"").contains("revoked").contains("id=\"create-source\"");
        assertThat(html).doesNotContain("NOT_FOUND").doesNotContain(">null<");
        services.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/admin/sources"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.ADMIN)));
    }

    @Test
    void a_non_admin_gets_the_refusal_ingest_service_answers() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/journeys");
        String html = marketer.request().get("/sources").then().statusCode(403).extract().body().asString();
        assertThat(html).contains("Refused").doesNotContain("id=\"create-source\"").doesNotContain("src-web");
        assertThat(html).doesNotContain("href=\"/sources\"");

        marketer.request().formParam("csrf", marketer.csrf()).formParam("name", "x").formParam("channel", "web")
                .post("/sources").then().statusCode(403);
        marketer.request().formParam("csrf", marketer.csrf()).post("/sources/src-web/rotate").then()
                .statusCode(403).body(org.hamcrest.Matchers.containsString("Refused"));
    }

    @Test
    void creating_a_source_sends_it_and_shows_the_write_key_once_without_a_redirect() {
        services.stubFor(post(urlEqualTo("/admin/sources")).willReturn(json(201, WEB.replace("\"writeKey\":null",
                "\"writeKey\":\"" + NEW_KEY + "\""))));
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/sources");
        Response created = admin.request().formParam("csrf", admin.csrf()).formParam("name", "Shop site")
                .formParam("channel", "web")
                .formParam("allowedOrigins", "https://shop.example\r\n\r\n  https://*.shop.example  \r\n")
                .post("/sources");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.header("Location")).isNull();
        assertThat(created.body().asString()).contains("copy it now, it is not shown again").contains(NEW_KEY);
        services.verify(postRequestedFor(urlEqualTo("/admin/sources"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.ADMIN))
                .withRequestBody(equalToJson("{\"name\":\"Shop site\",\"channel\":\"web\","
                        + "\"allowedOrigins\":[\"https://shop.example\",\"https://*.shop.example\"]}")));

        String again = admin.request().get("/sources/src-web").then().statusCode(200).extract().body().asString();
        assertThat(again).doesNotContain(NEW_KEY).doesNotContain("write-key-box");
    }

    @Test
    void a_refused_source_shows_the_problems_with_the_form_kept() {
        services.stubFor(post(urlEqualTo("/admin/sources")).willReturn(json(400, "{\"error\":\"invalid request\","
                + "\"details\":[{\"field\":\"allowedOrigins[0]\",\"problem\":\"'ftp://x' is not an origin\"}]}")));
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/sources");
        String html = admin.request().formParam("csrf", admin.csrf()).formParam("name", "Kiosk")
                .formParam("channel", "store").formParam("allowedOrigins", "ftp://x").post("/sources").then()
                .statusCode(400).extract().body().asString();
        assertThat(html).contains("id=\"create-problems\"").contains("allowedOrigins[0]")
                .contains("value=\"Kiosk\"").contains("<option value=\"store\" selected>").contains(">ftp://x<");
    }

    @Test
    void rotating_shows_the_new_key_once_and_the_source_page_offers_the_guarded_actions() {
        services.stubFor(post(urlEqualTo("/admin/sources/src-web/rotate")).willReturn(json(200,
                WEB.replace("\"writeKey\":null", "\"writeKey\":\"" + NEW_KEY + "\""))));
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/sources");
        String page = admin.request().get("/sources/src-web").then().statusCode(200).extract().body().asString();
        assertThat(page).contains("id=\"rotate-form\"").contains("id=\"revoke-form\"")
                .containsPattern("id=\"rotate-form\"[^>]*data-confirm=").containsPattern("id=\"revoke-form\"[^>]*data-confirm=")
                .contains("https://shop.example\nhttps://*.shop.example");
        assertThat(page).doesNotContain("NOT_FOUND").doesNotContain(">null<");

        Response rotated = admin.request().formParam("csrf", admin.csrf()).formParam("graceSeconds", "3600")
                .post("/sources/src-web/rotate");
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.header("Location")).isNull();
        assertThat(rotated.body().asString()).contains("copy it now, it is not shown again")
                .contains("value=\"" + NEW_KEY + "\"");
        services.verify(postRequestedFor(urlEqualTo("/admin/sources/src-web/rotate"))
                .withRequestBody(equalToJson("{\"graceSeconds\":3600}")));

        assertThat(admin.request().get("/sources/src-web").body().asString()).doesNotContain(NEW_KEY);
    }

    @Test
    void origins_are_replaced_with_patch_and_revoke_is_sent() {
        services.stubFor(patch(urlEqualTo("/admin/sources/src-web")).willReturn(json(200, WEB)));
        services.stubFor(post(urlEqualTo("/admin/sources/src-web/revoke")).willReturn(json(200,
                WEB.replace("\"status\":\"active\"", "\"status\":\"revoked\""))));
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/sources");
        admin.request().formParam("csrf", admin.csrf()).formParam("allowedOrigins", "https://a.example\n*")
                .post("/sources/src-web/origins").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("Allowed origins saved."));
        services.verify(patchRequestedFor(urlEqualTo("/admin/sources/src-web"))
                .withRequestBody(equalToJson("{\"allowedOrigins\":[\"https://a.example\",\"*\"]}")));

        String revoked = admin.request().formParam("csrf", admin.csrf()).post("/sources/src-web/revoke").then()
                .statusCode(200).extract().body().asString();
        assertThat(revoked).contains("id=\"source-status\">revoked").doesNotContain("id=\"rotate-form\"");
        services.verify(postRequestedFor(urlEqualTo("/admin/sources/src-web/revoke")));
    }

    @Test
    void a_bad_grace_period_is_refused_before_ingest_service_is_asked() {
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/sources");
        admin.request().formParam("csrf", admin.csrf()).formParam("graceSeconds", "soon")
                .post("/sources/src-web/rotate").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("graceSeconds"));
        services.verify(0, postRequestedFor(urlPathMatching("/admin/sources/.*")));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
