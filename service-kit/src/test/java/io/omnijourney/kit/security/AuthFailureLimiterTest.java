package io.omnijourney.kit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofSeconds(60), 100, now::get);

    @Test
    void anAddressIsRefusedOnceItReachedTheLimitUntilItsWindowEnds() {
        limiter.failed("203.0.113.7");
        limiter.failed("203.0.113.7");
        assertThat(limiter.refusal("203.0.113.7")).isEmpty();

        limiter.failed("203.0.113.7");
        now.addAndGet(Duration.ofSeconds(20).toNanos());

        assertThat(limiter.refusal("203.0.113.7")).contains(Duration.ofSeconds(40));
        assertThat(limiter.refusal("198.51.100.1")).isEmpty();

        now.addAndGet(Duration.ofSeconds(40).toNanos());
        assertThat(limiter.refusal("203.0.113.7")).isEmpty();
    }

    @Test
    void failuresInAnEarlierWindowDoNotCount() {
        limiter.failed("a");
        limiter.failed("a");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        limiter.failed("a");

        assertThat(limiter.refusal("a")).isEmpty();
    }

    @Test
    void memoryIsBoundedUnderAFloodOfAddresses() {
        for (int i = 0; i < 10_000; i++) {
            limiter.failed("10.0." + (i / 256) + "." + (i % 256));
        }

        assertThat(limiter.tracked()).isLessThanOrEqualTo(100);
    }

    @Test
    void theLatestAttackerIsStillCountedWhenTheTableIsFull() {
        for (int i = 0; i < 100; i++) {
            limiter.failed("10.0.0." + i);
        }
        for (int i = 0; i < 3; i++) {
            limiter.failed("attacker");
        }

        assertThat(limiter.refusal("attacker")).isPresent();
    }
}
