package io.omnijourney.ingest.domain.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookFreshnessTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private final WebhookFreshness freshness = new WebhookFreshness(Duration.ofMinutes(10), Duration.ofMinutes(5));

    @ParameterizedTest
    @ValueSource(longs = {0, -600, 300})
    void aRequestSignedWithinTheWindowIsFresh(long offset) {
        assertThat(freshness.problem(Long.toString(NOW.getEpochSecond() + offset), NOW)).isEmpty();
    }

    @Test
    void anOldRequestIsAReplay() {
        assertThat(freshness.problem(Long.toString(NOW.getEpochSecond() - 601), NOW)).hasValueSatisfying(
                p -> assertThat(p).contains("replay"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1999999999999999999", "9223372036854775807", "-9223372036854775808", "", "12.5",
            "99999999999999999999999"})
    void absurdOrMalformedTimesAreRefusedWithoutOverflow(String signedAt) {
        assertThat(freshness.problem(signedAt, NOW)).isPresent();
        assertThat(freshness.problem(null, NOW)).isPresent();
    }
}
