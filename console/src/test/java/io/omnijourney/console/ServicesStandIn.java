package io.omnijourney.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The four services' REST APIs, played by one WireMock server (the console tests check what the console shows and
 * sends; the services' own behaviour is tested in their modules and, with the console, in the browser tests of
 * e2e-tests). Knows three keys: {@link #ADMIN}, {@link #MARKETER}, {@link #ANALYST}.
 */
public class ServicesStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN = "test-admin-key";
    public static final String MARKETER = "test-marketer-key";
    public static final String ANALYST = "test-analyst-key";

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        String url = "http://localhost:" + server.port();
        return Map.of("omnijourney.console.ingest-url", url, "omnijourney.console.profile-url", url,
                "omnijourney.console.journey-url", url, "omnijourney.console.notification-url", url);
    }

    /** Forgets every stub but the sign-in ones. */
    public static void reset() {
        server.resetAll();
        whoami(ADMIN, "admin", "[\"admin\",\"analyst\",\"marketer\"]");
        whoami(MARKETER, "marketer", "[\"marketer\"]");
        whoami(ANALYST, "analyst", "[\"analyst\"]");
        server.stubFor(get(urlEqualTo("/auth/whoami")).atPriority(10).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"unauthorized\"}")));
    }

    private static void whoami(String key, String name, String roles) {
        server.stubFor(get(urlEqualTo("/auth/whoami")).withHeader("X-API-Key", equalTo(key)).atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"name\":\"" + name + "\",\"roles\":" + roles + "}")));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
