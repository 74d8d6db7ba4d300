package io.omnijourney.profile.app;

/**
 * The tests of {@link ProfileResolverTest} on the production path: every local-server workaround off (no exact-key
 * index, one $in query), as against real MongoDB, served by the local server as far as it can.
 */
class ProfileResolverProductionPathTest extends ProfileResolverTest {

    @Override
    protected boolean localServerWorkarounds() {
        return false;
    }
}
