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

    /**
     * Failed authentications (unknown API keys, unknown write keys) per client address: after {@code maxFailures}
     * within {@code window} the address is answered 429 with {@code Retry-After} until the window ends.
     */
    FailureLimit failureLimit();

    interface FailureLimit {
        /** Failures one address may have within the window. */
        @WithDefault("100")
        int maxFailures();

        @WithDefault("1m")
        java.time.Duration window();

        /** Addresses tracked at most (bounded memory). */
        @WithDefault("10000")
        int maxAddresses();
    }

    interface ApiKey {
        Optional<String> key();

        Optional<String> keySha256();

        Set<String> roles();
    }
}
