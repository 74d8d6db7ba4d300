package io.omnijourney.journey.adapter.mongo;

/**
 * The tests of {@link BoundedJourneyDocumentsTest} on the production path: every local-server workaround off (no
 * hints, live instances flagged on the instances, no {@code live} map in the profile document), as against real
 * MongoDB, served by the local server (which scans where real MongoDB uses the partial indexes).
 */
class BoundedJourneyDocumentsProductionPathTest extends BoundedJourneyDocumentsTest {

    @Override
    protected LocalServerWorkarounds workarounds() {
        return LocalServerWorkarounds.OFF;
    }
}
