package io.omnijourney.kit.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start outside the dev and test profiles when a secret is missing or too short (see {@link SecretsCheck}).
 * Each service names its required secrets in {@code omnijourney.security.required-secrets}; the minimum length is
 * {@code omnijourney.security.min-secret-length} (at least {@link SecretsCheck#MIN_LENGTH}).
 */
public class SecretsAtStartup {

    static final String REQUIRED = "omnijourney.security.required-secrets";
    static final String MIN_LENGTH = "omnijourney.security.min-secret-length";

    void check(@Observes @Priority(1) StartupEvent event) {
        List<String> profiles = ConfigUtils.getProfiles();
        if (profiles.contains("dev") || profiles.contains("test")) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        List<String> required = config.getOptionalValues(REQUIRED, String.class).orElse(List.of());
        int minLength = Math.max(SecretsCheck.MIN_LENGTH,
                config.getOptionalValue(MIN_LENGTH, Integer.class).orElse(SecretsCheck.MIN_LENGTH));
        List<String> problems = SecretsCheck.problems(config.getPropertyNames(), required,
                name -> optional(config, name), minLength);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start, secrets are missing or weak (profiles " + profiles
                    + "): " + String.join("; ", problems));
        }
    }

    private static Optional<String> optional(Config config, String name) {
        try {
            return config.getOptionalValue(name, String.class);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
