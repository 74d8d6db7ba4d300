package io.omnijourney.profile.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.kit.security.ApiKeys;
import org.junit.jupiter.api.Test;

/** Suppression entries are keyed hashes: stable under one secret, different under another, never the bare hash. */
class SuppressionHashesTest {

    private static final String SECRET = "a-test-secret-of-at-least-32-characters";
    private static final String EMAIL = "email:ana@example.com";

    @Test
    void theSameIdentifierUnderTheSameSecretGivesTheSameEntry() {
        assertThat(new SuppressionHashes(SECRET, false).keyed(EMAIL))
                .isEqualTo(new SuppressionHashes(SECRET, false).keyed(EMAIL));
    }

    @Test
    void theEntryIsTheHmacOfTheIdentifierKeyNotItsBareHash() {
        String keyed = new SuppressionHashes(SECRET, false).keyed(EMAIL);

        // HMAC-SHA256 of EMAIL under SECRET, as `openssl dgst -sha256 -hmac` computes it.
        assertThat(keyed).isEqualTo("h1:f45e2bf5a26cf722825ce8c19c5445bdee5d7ab203119aa4d6823c92d2f85149");
        assertThat(keyed).doesNotContain(ApiKeys.sha256Hex(EMAIL));
        assertThat(new SuppressionHashes(SECRET, false).keyed("email:eva@example.com")).isNotEqualTo(keyed);
    }

    @Test
    void anotherSecretGivesAnotherEntry() {
        assertThat(new SuppressionHashes(SECRET + "-other", false).keyed(EMAIL))
                .isNotEqualTo(new SuppressionHashes(SECRET, false).keyed(EMAIL));
    }

    @Test
    void legacyBareHashesAreLookedUpOnlyWhileLegacyMatchingIsOn() {
        SuppressionHashes hashes = new SuppressionHashes(SECRET, false);
        assertThat(hashes.lookups(EMAIL)).containsExactly(hashes.keyed(EMAIL));
        assertThat(new SuppressionHashes(SECRET, true).lookups(EMAIL))
                .containsExactly(hashes.keyed(EMAIL), ApiKeys.sha256Hex(EMAIL));
    }

    @Test
    void aShortOrMissingSecretIsRefused() {
        assertThatThrownBy(() -> new SuppressionHashes("too-short", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> new SuppressionHashes(null, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
