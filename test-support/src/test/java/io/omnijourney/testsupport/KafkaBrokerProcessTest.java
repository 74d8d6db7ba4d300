package io.omnijourney.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnijourney.infra.KafkaBrokerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker of its own, apart from the shared one. Start, stop, kill and restart are covered on the
 * shared broker by {@link SharedKafkaRestartTest}, which saves a broker start per case.
 */
class KafkaBrokerProcessTest {

    @TempDir
    Path dataDir;

    @Test
    void failedStartExplainsItselfWithTheLogTail() {
        KafkaBrokerProcess broker = KafkaBrokerProcess.builder()
                .dataDir(dataDir)
                .heap("256m")
                .brokerProperty("log.retention.hours", "not-a-number")
                .build();

        IllegalStateException failure = assertThrows(IllegalStateException.class, broker::start);

        assertTrue(failure.getMessage().contains("not-a-number"), failure.getMessage());
        assertFalse(broker.isRunning());
    }

    @Test
    void portsPickedOnceAreKeptAndDistinct() {
        KafkaBrokerProcess broker = KafkaBrokerProcess.builder().dataDir(dataDir).build();

        assertTrue(broker.brokerPort() > 0);
        assertTrue(broker.controllerPort() > 0);
        assertTrue(broker.brokerPort() != broker.controllerPort());
        assertTrue(broker.bootstrapServers().endsWith(":" + broker.brokerPort()));
    }
}
