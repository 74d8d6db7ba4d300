package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSocketReadException;
import io.omnijourney.journey.app.UnitOfWork;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tests of {@link TimerClaimsTest} on the production path: every local-server workaround off, so due timers are
 * found by the partial-index query on {@code instances} (no hints), as against real MongoDB, served by the local
 * server (which scans instead).
 */
class TimerClaimsProductionPathTest extends TimerClaimsTest {

    @Override
    protected LocalServerWorkarounds workarounds() {
        return LocalServerWorkarounds.OFF;
    }

    /**
     * This path's round writes nothing but the claims (no hint write can fail after them): the round fails on a
     * claim whose answer is lost, and the next round gets that one and the one not yet tried.
     */
    @Override
    @Test
    void aRoundThatFailsAfterItsClaimsLandedHandsThemAllToTheNextRound() {
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-1"), List.of());
        UnitOfWork.immediate(instances, profiles).insert(waiting("ji-2"), List.of());
        lostClaims.armOnce();
        assertThatThrownBy(() -> claim(instances, LATER, "a")).isInstanceOf(MongoSocketReadException.class);

        assertThat(claim(instances, LATER.plusSeconds(1), "a")).extracting(s -> s.instance().id)
                .containsExactlyInAnyOrder("ji-1", "ji-2");
        assertThat(claim(otherService, LATER.plusSeconds(1), "b")).isEmpty();
    }
}
