package io.omnijourney.kit.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutageLogTest {

    @Test
    void onlyTheFirstFailureOfAnOutageIsLoggedAndAQuietGapStartsANewOne() {
        AtomicLong now = new AtomicLong(1_000);
        StorageOutages.OutageLog log = new StorageOutages.OutageLog(now::get);

        assertThat(log.startsOutage()).isTrue();
        for (int i = 0; i < 100; i++) {
            now.addAndGet(200);
            assertThat(log.startsOutage()).isFalse();
        }
        now.addAndGet(StorageOutages.QUIET_MILLIS + 1);
        assertThat(log.startsOutage()).isTrue();
        assertThat(log.startsOutage()).isFalse();
    }
}
