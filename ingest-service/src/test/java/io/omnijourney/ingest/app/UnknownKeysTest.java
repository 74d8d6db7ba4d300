package io.omnijourney.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UnknownKeysTest {

    private final AtomicLong now = new AtomicLong(5);
    private final UnknownKeys keys = new UnknownKeys(Duration.ofSeconds(60), 1_000, now::get);

    @Test
    void anUnknownKeyIsRememberedForItsTtl() {
        keys.add("k");
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(keys.contains("k")).isTrue();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(keys.contains("k")).isFalse();
        assertThat(keys.size()).isZero();
    }

    @Test
    void aFloodOfKeysNeverGrowsPastTheBound() {
        for (int i = 0; i < 100_000; i++) {
            keys.add("k" + i);
        }

        assertThat(keys.size()).isLessThanOrEqualTo(1_000);
        assertThat(keys.contains("k99999")).isTrue();
    }

    @Test
    void aZeroTtlRemembersNothing() {
        UnknownKeys off = new UnknownKeys(Duration.ZERO, 1_000, now::get);
        off.add("k");

        assertThat(off.contains("k")).isFalse();
    }
}
