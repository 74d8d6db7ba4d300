package io.omnijourney.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.e2e.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packaged service started the way production starts it (the jar's default {@code prod} profile) with one of its
 * secrets left out, or too short, refuses to start: the process ends with a non-zero exit code and its log names the
 * setting, never the value of a secret. No broker or database is needed: the check runs before either is used, so
 * the addresses given lead nowhere.
 */
class MissingSecretsIT {

    private static final Duration EXIT_WITHIN = Duration.ofSeconds(90);
    private static final String GIVEN_SECRET = "given-secret-value-0123456789";
    private static final String WEAK_SECRET = "wEak-Qx7";

    @TempDir
    Path logs;

    @Test
    void notificationServiceWithoutItsSmsProviderTokenRefusesToStartNamingTheSetting() throws Exception {
        Map<String, String> properties = nowhere();
        properties.put("omnijourney.notification.webhook.signing-secret", GIVEN_SECRET);
        properties.put("omnijourney.notification.tracking.secret", GIVEN_SECRET);
        properties.put("omnijourney.notification.push.primary.secret", GIVEN_SECRET);
        assertRefusesToStart("notification-service", properties, "omnijourney.notification.sms.primary.secret");
    }

    @Test
    void profileServiceWithoutItsSuppressionSecretRefusesToStartNamingTheSetting() throws Exception {
        assertRefusesToStart("profile-service", nowhere(), "omnijourney.profile.suppression.secret");
    }

    @Test
    void profileServiceWithATooShortSuppressionSecretRefusesToStartNamingTheSettingButNotItsValue()
            throws Exception {
        Map<String, String> properties = nowhere();
        properties.put("omnijourney.profile.suppression.secret", WEAK_SECRET);
        String log = assertRefusesToStart("profile-service", properties, "omnijourney.profile.suppression.secret");
        assertThat(log).contains("refusing to start").doesNotContain(WEAK_SECRET);
    }

    /** Starts the service and returns its log once it has exited non-zero with {@code missing} named in the log. */
    private String assertRefusesToStart(String module, Map<String, String> properties, String missing)
            throws Exception {
        ServiceProcess service = ServiceProcess.standalone(module, properties, logs);
        try {
            service.launch();
            OptionalInt exit = service.awaitExit(EXIT_WITHIN);
            String log = Files.readString(service.log());
            assertThat(exit).as(module + " exits by itself, see " + service.log()).isPresent();
            assertThat(exit.getAsInt()).as("exit code").isNotZero();
            assertThat(log).contains(missing).doesNotContain(GIVEN_SECRET);
            return log;
        } finally {
            service.close();
        }
    }

    /** Infrastructure addresses where nothing listens, and API keys as production needs them. */
    private static Map<String, String> nowhere() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", "127.0.0.1:9");
        p.put("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:9");
        p.put("omnijourney.auth.api-keys.admin.key", "missing-secrets-admin-key");
        p.put("omnijourney.auth.api-keys.admin.roles", "admin");
        return p;
    }
}
