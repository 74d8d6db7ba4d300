package io.omnijourney.kit.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.ServerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartupRetriesTest {

    private final List<Long> pauses = new ArrayList<>();

    @Test
    void aStepThatTimesOutTwiceIsRunAgainWithGrowingPausesUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        StartupRetries.untilDone("seeding", () -> {
            if (attempts.incrementAndGet() <= 2) {
                throw readTimeout();
            }
        }, Duration.ofMinutes(1), pauses::add);

        assertThat(attempts).hasValue(3);
        assertThat(pauses).containsExactly(250L, 500L);
    }

    @Test
    void aFailureThatIsNotAnOutageIsThrownAtOnce() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> StartupRetries.untilDone("seeding", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("seed source 'web' needs a write-key");
        }, Duration.ofMinutes(1), pauses::add)).hasMessageContaining("needs a write-key");
        assertThat(attempts).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void anOutageThatOutlastsThePatienceIsThrown() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> StartupRetries.untilDone("seeding", () -> {
            attempts.incrementAndGet();
            throw readTimeout();
        }, Duration.ZERO, pauses::add)).isInstanceOf(MongoSocketReadTimeoutException.class);
        assertThat(attempts).hasValue(1);
    }

    private static MongoSocketReadTimeoutException readTimeout() {
        return new MongoSocketReadTimeoutException("Timeout while receiving message", new ServerAddress(),
                new java.net.SocketTimeoutException("Read timed out"));
    }
}
