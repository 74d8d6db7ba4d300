package io.omnijourney.console.adapter.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.console.ServicesStandIn;
import io.omnijourney.console.SignedIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = ServicesStandIn.class, restrictToAnnotatedClass = true)
class SignInTest {

    @BeforeEach
    void stubs() {
        ServicesStandIn.reset();
        ServicesStandIn.server().stubFor(get(urlEqualTo("/journeys")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"id\":\"j1\",\"name\":\"Welcome <b>series</b>\",\"status\":\"active\","
                        + "\"publishedVersion\":2,\"entered\":42,\"active\":5,\"conversions\":7}]")));
    }

    @Test
    void a_page_without_a_session_goes_to_sign_in_and_comes_back_after() {
        Response page = given().redirects().follow(false).get("/journeys?x=1");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.header("Location")).endsWith("/sign-in?next=%2Fjourneys%3Fx%3D1");

        Response signIn = given().redirects().follow(false).formParam("apiKey", ServicesStandIn.MARKETER)
                .formParam("next", "/journeys?x=1").post("/sign-in");
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.header("Location")).endsWith("/journeys?x=1");
        String setCookie = signIn.header("Set-Cookie");
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/");
        assertThat(setCookie).doesNotContain(ServicesStandIn.MARKETER);
    }

    @Test
    void the_key_stays_on_the_server_and_the_page_shows_the_role() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/journeys");
        String html = marketer.request().get("/journeys").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'"))
                .extract().body().asString();
        assertThat(html).doesNotContain(ServicesStandIn.MARKETER);
        assertThat(html).contains("marketer").contains("Welcome &lt;b&gt;series&lt;/b&gt;").contains(">42<")
                .contains("New journey");
        ServicesStandIn.server().verify(getRequestedFor(urlEqualTo("/journeys"))
                .withHeader("X-API-Key", equalTo(ServicesStandIn.MARKETER)));
    }

    @Test
    void an_unknown_key_is_refused_with_a_message() {
        Response refused = given().redirects().follow(false).formParam("apiKey", "nope").post("/sign-in");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body().asString()).contains("This API key is not accepted");
        assertThat(refused.header("Set-Cookie")).isNull();
    }

    @Test
    void a_huge_key_is_refused_before_any_service_is_asked() {
        Response refused = given().redirects().follow(false).formParam("apiKey", "k".repeat(1_000))
                .post("/sign-in");
        assertThat(refused.statusCode()).isEqualTo(400);
        ServicesStandIn.server().verify(0, getRequestedFor(urlEqualTo("/auth/whoami")));
    }

    @Test
    void next_never_leads_off_the_console() {
        for (String next : new String[] {"//evil.example/x", "https://evil.example", "/\\evil.example"}) {
            Response signIn = given().redirects().follow(false).formParam("apiKey", ServicesStandIn.ANALYST)
                    .formParam("next", next).post("/sign-in");
            assertThat(signIn.header("Location")).as(next).matches("https?://[^/]+/");
        }
    }

    @Test
    void a_write_without_the_csrf_token_or_from_another_site_is_refused_and_nothing_is_sent() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/journeys");
        marketer.request().formParam("csrf", "forged").post("/journeys/j1/pause").then().statusCode(403);
        marketer.request().header("Origin", "https://evil.example").formParam("csrf", marketer.csrf())
                .post("/journeys/j1/pause").then().statusCode(403);
        marketer.request().header("Sec-Fetch-Site", "cross-site").formParam("csrf", marketer.csrf())
                .post("/journeys/j1/pause").then().statusCode(403);
        ServicesStandIn.server().verify(0, postRequestedFor(urlPathMatching("/journeys/.*")));
    }

    @Test
    void signing_out_ends_the_session() {
        SignedIn analyst = SignedIn.as(ServicesStandIn.ANALYST, "/journeys");
        analyst.request().formParam("csrf", analyst.csrf()).post("/sign-out").then().statusCode(303);
        analyst.request().get("/journeys").then().statusCode(303);
    }

    @Test
    void a_revoked_key_signs_the_user_out() {
        SignedIn marketer = SignedIn.as(ServicesStandIn.MARKETER, "/journeys");
        ServicesStandIn.server().stubFor(get(urlEqualTo("/journeys")).willReturn(aResponse().withStatus(401)));
        marketer.request().get("/journeys").then().statusCode(303);
        ServicesStandIn.reset();
        marketer.request().get("/journeys").then().statusCode(303);
    }
}
