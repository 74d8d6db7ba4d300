package io.omnijourney.journey.adapter.mongo;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The tests of {@link UnitOfWorkTest} on the production path: every local-server workaround off, so a profile's live
 * instances are the instances flagged {@code live} (one {@code profileId $in} query) instead of a listing in its
 * document, as against real MongoDB, served by the local server (which scans instead).
 */
class UnitOfWorkProductionPathTest extends UnitOfWorkTest {

    @Override
    protected LocalServerWorkarounds workarounds() {
        return LocalServerWorkarounds.OFF;
    }

    @Override
    @Test
    @Disabled("the listing pass serves the local-server path only; this path's pass is LiveInstanceFlags "
            + "(LiveInstanceFlagsTest)")
    void instancesStoredBeforeProfilesListedThemAreListedOnceAtStartUp() {
    }
}
