package io.omnijourney.profile.app;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The tests of {@link BatchApplierTest} on the production path: every local-server workaround off (no torn-read digest,
 * no exact-key index, one $in query), as against real MongoDB, served by the local server as far as it can.
 */
class BatchApplierProductionPathTest extends BatchApplierTest {

    @Override
    protected boolean localServerWorkarounds() {
        return false;
    }

    /** Concurrent replaces: exactly what the torn-read guard is for on the local server. */
    @Override
    @Test
    @Disabled("the local server can return a torn document to a concurrent reader; real MongoDB never does")
    void twoBatchingConsumersOnTheSamePersonConvergeOnOneProfile() {
    }
}
