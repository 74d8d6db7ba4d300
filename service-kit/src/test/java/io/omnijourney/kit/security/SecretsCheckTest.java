package io.omnijourney.kit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretsCheckTest {

    private static final String SMS = "omnijourney.notification.sms.primary.secret";
    private static final String SIGNING = "omnijourney.notification.webhook.signing-secret";

    private static List<String> problems(Map<String, String> config, List<String> required) {
        return SecretsCheck.problems(config.keySet(), required, name -> Optional.ofNullable(config.get(name)),
                SecretsCheck.MIN_LENGTH);
    }

    @Test
    void aMissingRequiredSecretIsNamed() {
        assertThat(problems(Map.of(), List.of(SIGNING))).containsExactly(SIGNING + " is required and not set");
        assertThat(problems(Map.of(SIGNING, "   "), List.of(SIGNING)))
                .containsExactly(SIGNING + " is required and not set");
    }

    @Test
    void aShortSecretIsNamedWithoutItsValue() {
        List<String> problems = problems(Map.of(SMS, "local-token"), List.of(SMS));

        assertThat(problems).containsExactly(SMS + " is shorter than 16 characters");
        assertThat(String.join(" ", problems)).doesNotContain("local-token");
    }

    @Test
    void secretsFoundByNameAreCheckedToo() {
        assertThat(problems(Map.of("omnijourney.auth.api-keys.ops.key", "short",
                "omnijourney.ingest.seed-sources.web.write-key", "wk_1",
                "omnijourney.notification.sms.secondary.secret", "tok",
                "omnijourney.auth.api-keys.ops.roles", "admin"), List.of()))
                .containsExactlyInAnyOrder("omnijourney.auth.api-keys.ops.key is shorter than 16 characters",
                        "omnijourney.ingest.seed-sources.web.write-key is shorter than 16 characters",
                        "omnijourney.notification.sms.secondary.secret is shorter than 16 characters");
    }

    @Test
    void anApiKeyDigestMustBeASha256() {
        assertThat(problems(Map.of("omnijourney.auth.api-keys.ops.key-sha256", "abc"), List.of()))
                .containsExactly("omnijourney.auth.api-keys.ops.key-sha256 is not a SHA-256 digest "
                        + "(64 hexadecimal characters)");
        assertThat(problems(Map.of("omnijourney.auth.api-keys.ops.key-sha256", ApiKeys.sha256Hex("k")), List.of()))
                .isEmpty();
    }

    @Test
    void strongSecretsPass() {
        assertThat(problems(Map.of(SIGNING, "whs_0123456789abcdef", SMS, "0123456789abcdef0123"),
                List.of(SIGNING, SMS))).isEmpty();
    }
}
