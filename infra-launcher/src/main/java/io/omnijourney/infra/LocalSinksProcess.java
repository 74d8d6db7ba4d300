package io.omnijourney.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The local SMTP server and SMS/push provider stand-in (see {@link LocalSinksServer}) in a JVM of their own: what a
 * local run sends email and provider requests to, kept on disk where the user can read them.
 */
public final class LocalSinksProcess extends ChildProcess {

    private final Path dir;
    private final int smtpPort;
    private final int mailHttpPort;
    private final int providersPort;

    private LocalSinksProcess(Path dir, int smtpPort, int mailHttpPort, int providersPort) {
        this.dir = dir.toAbsolutePath();
        this.smtpPort = Ports.resolve(smtpPort);
        this.mailHttpPort = Ports.resolve(mailHttpPort);
        this.providersPort = Ports.resolve(providersPort);
    }

    /** Ports 0 pick free ones. */
    public static LocalSinksProcess of(Path dir, int smtpPort, int mailHttpPort, int providersPort) {
        return new LocalSinksProcess(Objects.requireNonNull(dir, "dir"), smtpPort, mailHttpPort, providersPort);
    }

    /** Starts the sinks and returns once they listen. Does nothing if they are already running. */
    public synchronized LocalSinksProcess start() {
        if (isRunning()) {
            return this;
        }
        Path log = dir.resolve("sinks-console.log");
        launch(JvmOptions.of("96m", List.of()), List.of("sinks", dir.toString(), String.valueOf(smtpPort),
                String.valueOf(mailHttpPort), String.valueOf(providersPort)), log, Duration.ofSeconds(30),
                e -> new IllegalStateException("local sinks did not start (" + e.getMessage() + ")\n" + LogTail.of(log),
                        e));
        return this;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** The page listing received mail; {@code /api/messages} is the same as JSON. */
    public String mailUrl() {
        return "http://127.0.0.1:" + mailHttpPort;
    }

    /** The base URL to give the SMS and push senders; {@code /api/requests} lists what they received. */
    public String providersUrl() {
        return "http://127.0.0.1:" + providersPort;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public String toString() {
        return "LocalSinksProcess[smtp " + smtpPort + ", " + mailUrl() + ", " + providersUrl() + "]";
    }
}
