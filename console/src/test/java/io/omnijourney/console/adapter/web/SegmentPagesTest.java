package io.omnijourney.console.adapter.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.omnijourney.console.ServicesStandIn;
import io.omnijourney.console.SignedIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = ServicesStandIn.class, restrictToAnnotatedClass = true)
class SegmentPagesTest {

    static final String GOLD = "{\"id\":\"gold\",\"name\":\"Gold <members>\",\"description\":\"Top tier\","
            + "\"condition\":\"profile.traits.loyaltyTier == \\\"gold\\\"\",\"createdAt\":\"2026-11-01T10:00:00Z\","
            + "\"updatedAt\":\"2026-12-01T10:00:00Z\",\"revision\":3,\"status\":\"active\",\"members\":1234,"
            + "\"membersCountedAt\":\"2026-12-06T09:58:02.120Z\",\"lastError\":null,"
            + "\"lastErrorAt\":null}";
    static final String SLOW = "{\"id\":\"slow\",\"name\":\"Slow\",\"condition\":\"true\",\"revision\":1,"
            + "\"status\":\"over_budget\",\"lastError\":\"budget exceeded\",\"lastErrorAt\":\"2026-12-02T10:00:00Z\"}";

    @BeforeEach
    void stubs() {
        ServicesStandIn.reset();
        stub(get(urlEqualTo("/segments")), 200, "[" + GOLD + "," + SLOW + "]");
        stub(get(urlEqualTo("/segments/gold")), 200, GOLD);
        stub(get(urlPathEqualTo("/segments/gold/members")), 200,
                "{\"segmentId\":\"gold\",\"profileIds\":[\"p-1\",\"p/2 & 3\"],\"nextAfter\":\"p/2 & 3\"}");
    }

    private static void stub(MappingBuilder request, int status, String body) {
        ServicesStandIn.server().stubFor(request.willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void the_list_shows_each_segment_with_one_call() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/segments");
        ServicesStandIn.server().resetRequests();
        String html = marketer.request().get("/segments").then().statusCode(200).extract().asString();
        assertThat(html).contains("data-segment=\"gold\"").contains("Gold &lt;members&gt;").contains("Top tier")
                .contains("href=\"/segments/gold\"").contains("over_budget").contains("id=\"new-segment\"")
                .contains("data-members=\"1234\"");
        ServicesStandIn.server().verify(1, getRequestedFor(anyUrl()));
        ServicesStandIn.server().verify(getRequestedFor(urlEqualTo("/segments"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.MARKETER)));
    }

    @Test
    void the_segment_page_shows_the_condition_and_a_page_of_members_linking_to_profiles() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/segments");
        String html = marketer.request().get("/segments/gold").then().statusCode(200).extract().asString();
        assertThat(html).contains("id=\"segment-form\"").contains("1234 counted 09:58:02 UTC")
                .contains("profile.traits.loyaltyTier == &quot;gold&quot;</textarea>")
                .contains("href=\"/profiles/p-1\"").contains("href=\"/profiles/p%2F2%20%26%203\"")
                .contains("href=\"/segments/gold?after=p%2F2+%26+3\"").contains("data-confirm=");
        ServicesStandIn.server().verify(getRequestedFor(urlEqualTo("/segments/gold/members?limit=50")));

        marketer.request().queryParam("after", "p/2 & 3").get("/segments/gold").then().statusCode(200);
        ServicesStandIn.server().verify(getRequestedFor(urlEqualTo("/segments/gold/members?limit=50&after=p%2F2+%26+3")));
    }

    @Test
    void validate_shows_the_cel_error_at_its_line_and_column_and_keeps_the_text() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/segments");
        stub(post(urlEqualTo("/segments/validate")), 400, "{\"error\":\"invalid segment\",\"details\":[{\"field\":"
                + "\"condition\",\"problem\":\"line 2, column 7 (offset 30): undeclared reference to 'x'\"}]}");
        String html = marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "validate")
                .formParam("name", "Gold").formParam("condition", "profile.traits.a == 1 &&\n  x < 2")
                .post("/segments/gold").then().statusCode(400).extract().asString();
        assertThat(html).contains("line 2, column 7 (offset 30): undeclared reference to &#39;x&#39;")
                .contains("profile.traits.a == 1 &amp;&amp;\n  x &lt; 2</textarea>").contains("aria-invalid=\"true\"");
        ServicesStandIn.server().verify(postRequestedFor(urlEqualTo("/segments/validate"))
                .withRequestBody(equalToJson("{\"condition\":\"profile.traits.a == 1 &&\\n  x < 2\",\"estimate\":true}")));
        ServicesStandIn.server().verify(0, putRequestedFor(anyUrl()));

        stub(post(urlEqualTo("/segments/validate")), 200, "{\"valid\":true,\"estimate\":{\"sampled\":5000,"
                + "\"matched\":1200,\"totalProfiles\":100000,\"estimatedMembers\":24000,\"exact\":false}}");
        html = marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "validate")
                .formParam("name", "Gold").formParam("condition", "true").post("/segments/gold").then()
                .statusCode(200).extract().asString();
        assertThat(html).contains("id=\"segment-valid\"")
                .contains("It would match about 24000 of 100000 profiles (1200 of 5000 sampled)");
    }

    @Test
    void save_puts_the_segment_and_create_posts_it() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/segments");
        stub(put(urlEqualTo("/segments/gold")), 200, GOLD);
        marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "save").formParam("name", "Gold")
                .formParam("description", "").formParam("condition", "profile.traits.tier == 'gold'")
                .post("/segments/gold").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/segments/gold?saved=1"));
        ServicesStandIn.server().verify(putRequestedFor(urlEqualTo("/segments/gold"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.MARKETER))
                .withRequestBody(equalToJson("{\"name\":\"Gold\",\"condition\":\"profile.traits.tier == 'gold'\"}")));

        String form = marketer.request().get("/segments/new").then().statusCode(200).extract().asString();
        assertThat(form).contains("id=\"segment-id\"").doesNotContain("segment-members");
        stub(post(urlEqualTo("/segments")), 201, "{\"id\":\"vip\",\"name\":\"VIP\",\"condition\":\"true\"}");
        marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "save").formParam("name", "VIP")
                .formParam("id", "vip").formParam("description", "Big spenders").formParam("condition", "true")
                .post("/segments").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/segments/vip?saved=1"));
        ServicesStandIn.server().verify(postRequestedFor(urlEqualTo("/segments")).withRequestBody(equalToJson(
                "{\"id\":\"vip\",\"name\":\"VIP\",\"description\":\"Big spenders\",\"condition\":\"true\"}")));
    }

    @Test
    void a_refused_save_shows_the_problems_with_the_form_kept() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/segments");
        stub(post(urlEqualTo("/segments")), 409, "{\"error\":\"conflict\",\"details\":[{\"field\":\"id\","
                + "\"problem\":\"segment 'gold' exists\"}]}");
        String html = marketer.request().formParam("csrf", marketer.csrf()).formParam("op", "save")
                .formParam("name", "Gold again").formParam("id", "gold").formParam("condition", "typed <cond>")
                .post("/segments").then().statusCode(409).extract().asString();
        assertThat(html).contains("segment &#39;gold&#39; exists").contains("value=\"Gold again\"")
                .contains("typed &lt;cond&gt;</textarea>");
    }

    @Test
    void delete_asks_then_deletes() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/segments");
        ServicesStandIn.server().stubFor(delete(urlEqualTo("/segments/gold")).willReturn(aResponse().withStatus(204)));
        marketer.request().formParam("csrf", marketer.csrf()).post("/segments/gold/delete").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/segments"));
        ServicesStandIn.server().verify(deleteRequestedFor(urlEqualTo("/segments/gold")));
    }

    @Test
    void an_analyst_reads_segments_without_edit_controls_and_a_forged_write_is_refused() {
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/segments");
        assertThat(analyst.request().get("/segments").asString()).doesNotContain("new-segment");
        String html = analyst.request().get("/segments/gold").then().statusCode(200).extract().asString();
        assertThat(html).contains("id=\"segment-readonly\"").contains("href=\"/profiles/p-1\"")
                .doesNotContain("<textarea").doesNotContain("delete-segment").doesNotContain("save-segment");
        stub(put(urlEqualTo("/segments/gold")), 403,
                "{\"error\":\"forbidden: this API key lacks the role this operation needs\"}");
        String refused = analyst.request().formParam("csrf", analyst.csrf()).formParam("op", "save")
                .formParam("name", "x").formParam("condition", "true").post("/segments/gold").then().statusCode(403)
                .extract().asString();
        assertThat(refused).contains("id=\"segment-refusal\"").contains("your role does not allow");
    }

    @Test
    void a_write_without_the_csrf_token_is_refused_and_nothing_is_sent() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/segments");
        marketer.request().formParam("csrf", "forged").formParam("name", "x").formParam("condition", "true")
                .post("/segments/gold").then().statusCode(403);
        marketer.request().formParam("name", "x").post("/segments").then().statusCode(403);
        marketer.request().formParam("op", "validate").formParam("condition", "true").post("/segments/gold").then()
                .statusCode(403);
        marketer.request().post("/segments/gold/delete").then().statusCode(403);
        ServicesStandIn.server().verify(0, putRequestedFor(anyUrl()));
        ServicesStandIn.server().verify(0, postRequestedFor(urlPathMatching("/segments.*")));
        ServicesStandIn.server().verify(0, deleteRequestedFor(anyUrl()));
    }
}
