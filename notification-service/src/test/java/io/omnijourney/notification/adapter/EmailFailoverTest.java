package io.omnijourney.notification.adapter;

import static io.omnijourney.notification.support.Requests.ANALYST_KEY;
import static io.omnijourney.notification.support.Requests.request;
import static io.omnijourney.notification.support.Requests.template;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.notification.support.LiveServiceTest;
import io.omnijourney.notification.support.ProvidersTestResource;
import io.omnijourney.notification.support.Requests;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secondary SMTP provider: the primary's port has no server (connection refused, a transient failure), the
 * secondary is a second real SMTP server (GreenMail); the mail arrives there, once, and the ledger names it.
 */
@QuarkusTest
@TestProfile(EmailFailoverTest.PrimaryDown.class)
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.NOTIFICATION_REQUESTS + ":3," + Topics.NOTIFICATION_REQUESTS_DLQ + ":1," + Topics.TOUCHPOINTS
                + ":3," + Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1," + Topics.ERASURE_ACKS
                + ":3"))
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(ProvidersTestResource.class)
class EmailFailoverTest extends LiveServiceTest {

    // In system properties: the profile and the test may be loaded by different class loaders, and must agree.
    private static final int SECONDARY_PORT = port("omnijourney.test.smtp-secondary-port");
    private static final int DEAD_PRIMARY_PORT = port("omnijourney.test.smtp-dead-port");
    private static GreenMail secondary;

    /** The primary mailer points at a port nothing listens on; the secondary is on. */
    public static class PrimaryDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mailer.port", String.valueOf(DEAD_PRIMARY_PORT),
                    "quarkus.mailer.secondary.host", "127.0.0.1",
                    "quarkus.mailer.secondary.port", String.valueOf(SECONDARY_PORT),
                    "quarkus.mailer.secondary.start-tls", "DISABLED",
                    "omnijourney.notification.email.secondary-enabled", "true");
        }
    }

    private static synchronized int port(String property) {
        String reserved = System.getProperty(property);
        if (reserved != null) {
            return Integer.parseInt(reserved);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            System.setProperty(property, String.valueOf(socket.getLocalPort()));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void startSecondary() {
        secondary = new GreenMail(new ServerSetup(SECONDARY_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        secondary.start();
    }

    @AfterAll
    static void stopSecondary() {
        secondary.stop();
    }

    @Test
    void aMailThePrimaryCannotTakeGoesOutThroughTheSecondaryOnce() throws Exception {
        String id = "failover-" + run();
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject",
                "Your receipt", "text", "Thanks"))));
        String email = "ana." + run() + "@example.com";
        Requests r = request(id).channels(Channel.EMAIL).identifier("email", email);
        r.produce(kafka);
        JsonPath ledger = await().atMost(Duration.ofSeconds(30)).until(() -> given().header("X-API-Key", ANALYST_KEY)
                .get("/notifications/{id}", r.requestId()).then().extract().jsonPath(),
                j -> "sent".equals(j.getString("state")));
        assertThat(ledger.getString("provider")).isEqualTo("smtp-secondary");
        assertThat(ledger.getInt("attempts")).as("the primary refused once, the secondary took it").isEqualTo(2);
        assertThat(secondary.getReceivedMessages()).hasSize(1);
        assertThat(secondary.getReceivedMessages()[0].getSubject()).isEqualTo("Your receipt");
        assertThat(secondary.getReceivedMessages()[0].getHeader("X-OmniJourney-Request-Id")).containsExactly(
                r.requestId());
        assertThat(providers.smtp.getReceivedMessages()).as("the primary's port is not the test's GreenMail")
                .isEmpty();
    }
}
