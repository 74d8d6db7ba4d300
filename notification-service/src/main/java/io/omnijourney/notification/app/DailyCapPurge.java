package io.omnijourney.notification.app;

import java.time.Clock;

/**
 * Deletes daily-cap counters past their expiry, a bounded batch per run, so that the collection holds about two
 * days of counters whatever the server: real MongoDB's TTL monitor does the same, the local wire-protocol server has
 * none.
 */
public class DailyCapPurge {

    private final DailyCaps caps;
    private final Clock clock;
    private final int batch;

    public DailyCapPurge(DailyCaps caps, Clock clock, int batch) {
        this.caps = caps;
        this.clock = clock;
        this.batch = batch;
    }

    /** One run: deletes up to one batch of expired counters; how many. */
    public int purge() {
        return caps.purgeExpired(clock.instant(), batch);
    }
}
