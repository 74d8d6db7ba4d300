package io.omnijourney.notification.support;

import io.omnijourney.testsupport.KafkaTestClient;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What a test of the running service talks to besides its REST API: a client of the shared broker, and the provider
 * stubs (GreenMail for SMTP, WireMock for the HTTP providers) on the ports {@link ProvidersTestResource} reserved,
 * started once per test class.
 */
public abstract class LiveServiceTest {

    protected static KafkaTestClient kafka;
    protected static Providers providers;

    @BeforeAll
    static void startClients() {
        kafka = new KafkaTestClient();
        providers = Providers.start();
    }

    @AfterAll
    static void stopClients() {
        kafka.close();
        providers.close();
    }

    /** A short random tag that keeps one test's ids, addresses and templates apart from another's. */
    protected static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
