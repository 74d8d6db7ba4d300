package io.omnijourney.console.adapter.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnijourney.console.ServicesStandIn;
import io.omnijourney.console.SignedIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = ServicesStandIn.class, restrictToAnnotatedClass = true)
class ProfilePagesTest {

    /** profile-service's ProfileResponse. */
    static final String PROFILE = """
            {"id":"p1","createdAt":"2026-11-01T10:00:00Z","mergedFrom":["p0"],
             "profile":{"identifiers":{"email":["ana@example.com"],"phone":["+351912345678"],"userId":["u-42"],
                        "anonymousId":["anon-1","anon-2"]},
                        "traits":{"name":"Ana <Silva>","plan":"gold","address":{"city":"Porto"}},
                        "consent":{"email":{"status":"subscribed","updatedAt":"2026-11-02T10:00:00Z"},
                                   "sms":{"status":"unsubscribed","updatedAt":"2026-11-03T10:00:00Z"}},
                        "computed":{"orderCount":3,"lifetimeRevenue":129.5},
                        "segments":["vip"],"version":17},
             "merges":[{"fromProfileId":"p0","messageId":"m-7","at":"2026-11-01T11:00:00Z",
                        "linking":[{"type":"email","value":"ana@example.com"}]}],
             "consentHistory":[{"channel":"sms","status":"unsubscribed","source":"provider_stop",
                        "eventAt":"2026-11-03T10:00:00Z","receivedAt":"2026-11-03T10:00:00Z",
                        "orderedAt":"2026-11-03T10:00:00Z","messageId":"m-9"}]}
            """;
    static final String TIMELINE = """
            {"profileId":"p1","items":[
              {"messageId":"t1","timestamp":"2026-11-05T10:00:00Z","channel":"store","type":"track",
               "event":"Order Completed","sourceId":"pos","properties":{"orderId":"o-1","total":49.9}},
              {"messageId":"t2","timestamp":"2026-11-04T10:00:00Z","channel":"call_center","type":"track",
               "event":"Call Ended","sourceId":"ivr","properties":{}}],
             "nextBefore":"2026-11-04T10:00:00Z"}
            """;
    static final String JOURNEYS = """
            [{"journeyId":"j1","journeyName":"Repair booking","version":2,"status":"active","stepId":"ask-yes",
              "waitingFor":"event:SMS Replied","dueAt":"2026-11-06T10:00:00Z","enteredAt":"2026-11-05T10:00:00Z"}]
            """;
    static final String ERASURE = """
            {"erasureId":"er-1","profileId":"p1","profileIds":["p1","p0"],"requestedAt":"2026-11-06T10:00:00Z",
             "status":"pending","published":null,"publishAttempts":0,
             "services":[{"service":"profile-service","status":"done","completedAt":"2026-11-06T10:00:01Z",
                          "profilesDone":2,"profilesTotal":2},
                         {"service":"journey-service","status":"pending","completedAt":null,
                          "profilesDone":0,"profilesTotal":2}],
             "statusUrl":"/erasures/er-1"}
            """;

    WireMockServer services;

    @BeforeEach
    void stubs() {
        ServicesStandIn.reset();
        services = ServicesStandIn.server();
        services.stubFor(get(urlPathEqualTo("/profiles/lookup")).atPriority(9).willReturn(json(404,
                "{\"error\":\"not found\"}")));
        services.stubFor(get(urlEqualTo("/profiles/p1")).willReturn(json(200, PROFILE)));
        services.stubFor(get(urlPathEqualTo("/profiles/p1/timeline")).willReturn(json(200, TIMELINE)));
        services.stubFor(get(urlPathEqualTo("/profiles/p1/journeys")).willReturn(json(200, JOURNEYS)));
    }

    @Test
    void an_email_in_the_search_box_is_looked_up_as_an_email_and_the_result_links_to_the_profile() {
        services.stubFor(lookup("email:ana@example.com"));
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/profiles");
        String html = analyst.request().queryParam("q", " ana@example.com ").get("/profiles").then().statusCode(200)
                .extract().body().asString();
        assertThat(html).contains("id=\"search-results\"").contains("href=\"/profiles/p1\"")
                .contains("Ana &lt;Silva&gt;");
        services.verify(getRequestedFor(urlPathEqualTo("/profiles/lookup"))
                .withQueryParam("identifier", equalTo("email:ana@example.com"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.ANALYST)));
        services.verify(1, getRequestedFor(urlPathEqualTo("/profiles/lookup")));
    }

    @Test
    void a_number_is_tried_as_a_phone_and_other_text_as_a_user_id_then_a_profile_id() {
        services.stubFor(lookup("phone:+351 912 345 678"));
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/profiles");
        analyst.request().queryParam("q", "+351 912 345 678").get("/profiles").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("href=\"/profiles/p1\""));
        services.verify(getRequestedFor(urlPathEqualTo("/profiles/lookup"))
                .withQueryParam("identifier", equalTo("phone:+351 912 345 678")));

        services.resetRequests();
        String html = analyst.request().queryParam("q", "p1").get("/profiles").then().statusCode(200).extract()
                .body().asString();
        assertThat(html).contains("href=\"/profiles/p1\"");
        List<LoggedRequest> asked = services.findAll(getRequestedFor(urlPathMatching("/profiles/.*")));
        assertThat(asked).extracting(LoggedRequest::getUrl)
                .containsExactly("/profiles/lookup?identifier=userId%3Ap1", "/profiles/p1");
    }

    @Test
    void a_chosen_identifier_type_is_the_only_lookup_and_nobody_found_says_so() {
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/profiles");
        String html = analyst.request().queryParam("q", "anon-9").queryParam("type", "anonymousId").get("/profiles")
                .then().statusCode(200).extract().body().asString();
        assertThat(html).contains("No profile has this identifier");
        List<LoggedRequest> asked = services.findAll(getRequestedFor(urlPathMatching("/profiles/.*")));
        assertThat(asked).extracting(LoggedRequest::getUrl)
                .containsExactly("/profiles/lookup?identifier=anonymousId%3Aanon-9");
    }

    @Test
    void the_profile_page_shows_identifiers_consent_journeys_and_the_timeline_with_a_badge_per_channel() {
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/profiles");
        String html = analyst.request().queryParam("channel", "store").get("/profiles/p1").then().statusCode(200)
                .extract().body().asString();
        assertThat(html).contains("data-identifier=\"email\"><code>ana@example.com</code></dd>")
                .contains("<code>+351912345678</code>").contains("<code>anon-1</code>, <code>anon-2</code>");
        assertThat(html).doesNotContain("NOT_FOUND").doesNotContain(">null<");
        assertThat(html).containsPattern("data-consent=\"email\">.*subscribed")
                .containsPattern("data-consent=\"sms\">.*unsubscribed")
                .containsPattern("data-consent=\"push\">.*unknown")
                .contains("provider_stop");
        assertThat(html).contains("orderCount").contains("129.5").contains("data-segment=\"vip\"")
                .contains("data-merged=\"p0\"").contains("Repair booking").contains("event:SMS Replied");
        assertThat(html).contains("data-channel-badge=\"store\"").contains("data-channel-badge=\"call_center\"")
                .contains("Order Completed");
        services.verify(getRequestedFor(urlPathEqualTo("/profiles/p1/timeline"))
                .withQueryParam("channel", equalTo("store")));
        services.verify(getRequestedFor(urlEqualTo("/profiles/p1/journeys?all=true")));

        String next = link(html, "timeline-next");
        assertThat(next).contains("channel=store").contains("before=2026-11-04T10%3A00%3A00Z").contains("trail=0");
        assertThat(html).doesNotContain("id=\"timeline-previous\"");

        services.resetRequests();
        String older = analyst.request().urlEncodingEnabled(false).get(next.replace("&amp;", "&")
                .replace("#timeline", "")).then().statusCode(200).extract().body().asString();
        services.verify(getRequestedFor(urlPathEqualTo("/profiles/p1/timeline"))
                .withQueryParam("channel", equalTo("store"))
                .withQueryParam("before", equalTo("2026-11-04T10:00:00Z")));
        String previous = link(older, "timeline-previous");
        assertThat(previous).contains("channel=store").doesNotContain("before=");
    }

    @Test
    void an_analyst_sees_no_admin_controls_and_a_forged_erasure_is_refused_by_the_service() {
        services.stubFor(delete(urlEqualTo("/profiles/p1")).willReturn(json(403, "{\"error\":\"forbidden\"}")));
        services.stubFor(put(urlEqualTo("/profiles/p1/consent")).willReturn(json(403, "{\"error\":\"forbidden\"}")));
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/profiles");
        String html = analyst.request().get("/profiles/p1").then().statusCode(200).extract().body().asString();
        assertThat(html).doesNotContain("consent-form").doesNotContain("erasure-form").doesNotContain("Erase");

        String refused = analyst.request().formParam("csrf", analyst.csrf()).formParam("confirm", "p1")
                .post("/profiles/p1/erasure").then().statusCode(403).extract().body().asString();
        assertThat(refused).contains("id=\"erasure-problems\"").contains("Refused");
        services.verify(deleteRequestedFor(urlEqualTo("/profiles/p1"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.ANALYST)));

        analyst.request().formParam("csrf", analyst.csrf()).formParam("channel", "email")
                .formParam("status", "unsubscribed").post("/profiles/p1/consent").then().statusCode(403)
                .body(org.hamcrest.Matchers.containsString("Refused"));
    }

    @Test
    void an_erasure_without_the_typed_profile_id_is_refused_before_the_service_is_asked() {
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/profiles");
        String html = admin.request().get("/profiles/p1").then().statusCode(200).extract().body().asString();
        assertThat(html).contains("id=\"erasure-form\"").contains("data-confirm=").contains("id=\"consent-form\"");

        for (String confirm : new String[] {"", "p2", "P1"}) {
            String page = admin.request().formParam("csrf", admin.csrf()).formParam("confirm", confirm)
                    .post("/profiles/p1/erasure").then().statusCode(400).extract().body().asString();
            assertThat(page).contains("id=\"erasure-problems\"").contains("nothing was erased");
        }
        admin.request().formParam("confirm", "p1").post("/profiles/p1/erasure").then().statusCode(403);
        services.verify(0, deleteRequestedFor(urlPathMatching("/profiles/.*")));
    }

    @Test
    void a_confirmed_erasure_shows_the_request_and_links_its_status() {
        services.stubFor(delete(urlEqualTo("/profiles/p1")).willReturn(json(202, ERASURE)
                .withHeader("Location", "/erasures/er-1")));
        services.stubFor(get(urlEqualTo("/erasures/er-1")).willReturn(json(200, ERASURE)));
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/profiles");
        String html = admin.request().formParam("csrf", admin.csrf()).formParam("confirm", " p1 ")
                .post("/profiles/p1/erasure").then().statusCode(202).extract().body().asString();
        assertThat(html).contains("id=\"erasure-requested\"").contains("href=\"/profiles/erasures/er-1\"")
                .contains("data-service=\"journey-service\"");
        assertThat(html).doesNotContain("NOT_FOUND").doesNotContain(">null<");
        services.verify(deleteRequestedFor(urlEqualTo("/profiles/p1"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.ADMIN)));

        admin.request().get("/profiles/erasures/er-1").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("id=\"erasure-status\">pending"));
    }

    @Test
    void a_consent_override_sends_the_change_and_a_400_shows_its_problems() {
        services.stubFor(put(urlEqualTo("/profiles/p1/consent")).willReturn(json(200, PROFILE)));
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/profiles");
        Response done = admin.request().formParam("csrf", admin.csrf()).formParam("channel", "sms")
                .formParam("status", "subscribed").formParam("reason", "asked by phone")
                .post("/profiles/p1/consent");
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.header("Location")).endsWith("/profiles/p1?saved=consent");
        services.verify(putRequestedFor(urlEqualTo("/profiles/p1/consent"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.ADMIN))
                .withRequestBody(equalToJson("{\"channel\":\"sms\",\"status\":\"subscribed\","
                        + "\"reason\":\"asked by phone\"}")));

        services.stubFor(put(urlEqualTo("/profiles/p1/consent")).willReturn(json(400,
                "{\"error\":\"invalid consent change\",\"details\":[{\"field\":\"status\","
                        + "\"problem\":\"must be subscribed or unsubscribed\"}]}")));
        String html = admin.request().formParam("csrf", admin.csrf()).formParam("channel", "push")
                .formParam("status", "subscribed").formParam("reason", "kept text").post("/profiles/p1/consent")
                .then().statusCode(400).extract().body().asString();
        assertThat(html).contains("id=\"consent-problems\"").contains("must be subscribed or unsubscribed")
                .contains("value=\"kept text\"").contains("<option value=\"push\" selected>")
                .contains("<option value=\"subscribed\" selected>");
    }

    @Test
    void a_bad_timeline_filter_shows_the_service_problem_and_the_rest_of_the_page() {
        services.stubFor(get(urlPathEqualTo("/profiles/p1/timeline")).withQueryParam("from", equalTo("yesterday"))
                .willReturn(json(400, "{\"error\":\"invalid request\",\"details\":[{\"field\":\"from\","
                        + "\"problem\":\"must be an ISO-8601 instant\"}]}")));
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/profiles");
        String html = analyst.request().queryParam("from", "yesterday").get("/profiles/p1").then().statusCode(400)
                .extract().body().asString();
        assertThat(html).contains("id=\"timeline-problems\"").contains("must be an ISO-8601 instant")
                .contains("value=\"yesterday\"").contains("ana@example.com");
    }

    @Test
    void an_unknown_profile_is_a_404_page_not_an_error() {
        services.stubFor(get(urlEqualTo("/profiles/nobody")).willReturn(json(404, "{\"error\":\"not found\"}")));
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/profiles");
        analyst.request().get("/profiles/nobody").then().statusCode(404)
                .body(org.hamcrest.Matchers.containsString("There is no such profile"));
        services.verify(0, anyRequestedFor(urlPathEqualTo("/profiles/nobody/timeline")));
    }

    private static MappingBuilder lookup(String identifier) {
        return get(urlPathEqualTo("/profiles/lookup")).withQueryParam("identifier", equalTo(identifier))
                .atPriority(1).willReturn(json(200, PROFILE));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String link(String html, String id) {
        Matcher m = Pattern.compile("href=\"([^\"]+)\" id=\"" + id + "\"").matcher(html);
        assertThat(m.find()).as("link " + id).isTrue();
        return m.group(1);
    }
}
