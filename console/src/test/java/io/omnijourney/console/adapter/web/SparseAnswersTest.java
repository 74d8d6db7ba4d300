package io.omnijourney.console.adapter.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.console.ServicesStandIn;
import io.omnijourney.console.SignedIn;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Services answer with fewer fields than the pages know (an older version, an empty installation, a field that is
 * optional): every page still renders, with empty places, never a 500.
 */
@QuarkusTest
@QuarkusTestResource(value = ServicesStandIn.class, restrictToAnnotatedClass = true)
class SparseAnswersTest {

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"id\": \"x\", \"definition\": {\"steps\": [{}]}, \"steps\": [{}],"
            + " \"identifiers\": {\"email\": null}, \"results\": [{}], \"entries\": [{}], \"items\": [{}]}"})
    void everyPageRendersWhateverTheServicesLeaveOut(String body) {
        ServicesStandIn.reset();
        ServicesStandIn.server().stubFor(any(anyUrl()).atPriority(50).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(body)));
        SignedIn admin = SignedIn.as(ServicesStandIn.ADMIN, "/journeys");
        for (String page : new String[] {"/journeys", "/journeys/x", "/journeys/new", "/templates",
                "/templates/x/email", "/segments", "/segments/x", "/profiles", "/profiles?q=a@example.com",
                "/profiles?q=12345", "/profiles/x", "/dashboards", "/sources", "/sources/x"}) {
            int status = admin.request().get(page).statusCode();
            assertThat(status).as(page + " with " + body).isLessThan(500);
        }
    }
}
