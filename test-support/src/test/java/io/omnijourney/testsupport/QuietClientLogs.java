package io.omnijourney.testsupport;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Kafka and Mongo clients log every configuration at INFO. Quarkus' log manager ignores a
 * logging.properties file outside a Quarkus application, so these plain tests set levels here.
 */
public class QuietClientLogs implements LauncherSessionListener {

    /** Held so that the configured loggers are not collected and their levels lost. */
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("org.mongodb.driver"),
            Logger.getLogger("org.testcontainers"));

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
    }
}
