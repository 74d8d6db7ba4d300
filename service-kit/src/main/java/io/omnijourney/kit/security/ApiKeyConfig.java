package io.omnijourney.kit.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API keys and their roles. Keys come from the environment or a mounted secret, never from the repository:
 * {@code OMNIJOURNEY_AUTH_API_KEYS__OPS__KEY_SHA256=<hex>} and {@code ..._ROLES=admin}. A plain {@code key} is accepted
 * for local runs and tests; production configurations should give only its SHA-256.
 */
@ConfigMapping(prefix = "omnijourney.auth")
public interface ApiKeyConfig {

    /** Named keys, e.g. {@code omnijourney.auth.api-keys.ops.key-sha256=...}. */
    Map<String, ApiKey> apiKeys();

    /** Header that may carry the key instead of {@code Authorization: Bearer}. */
    @WithDefault("X-API-Key")
    String header();

    interface ApiKey {
        Optional<String> key();

        Optional<String> keySha256();

        Set<String> roles();
    }
}
