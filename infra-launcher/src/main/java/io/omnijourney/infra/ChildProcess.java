package io.omnijourney.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** The lifecycle both infrastructure processes share: launch until READY, stop gracefully, kill, ask. */
abstract class ChildProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private ChildJvm child;

    /**
     * Launches {@link InfraMain} with {@code args} and waits for its READY line; on failure the child is killed and
     * {@code failure} turns the cause into the exception to throw (with the logs that explain it).
     */
    protected final synchronized void launch(List<String> jvmArgs, List<String> args, Path consoleLog,
            Duration timeout, Function<Exception, IllegalStateException> failure) {
        child = ChildJvm.launch(jvmArgs, InfraMain.class.getName(), args, consoleLog);
        try {
            child.awaitReady(timeout);
        } catch (TimeoutException | IllegalStateException e) {
            child.kill();
            child = null;
            throw failure.apply(e);
        }
    }

    /** Graceful stop (SIGTERM, so the process closes its files cleanly), forced after 15 s. */
    public synchronized void stop() {
        if (child != null) {
            child.stop(STOP_GRACE);
            child = null;
        }
    }

    /** SIGKILL, as a crash would; the next start recovers from what is on disk. */
    public synchronized void kill() {
        if (child != null) {
            child.kill();
            child = null;
        }
    }

    /** SIGSTOP: the process stops answering as a hung server would, its sockets still open; see {@link #resume()}. */
    public synchronized void pause() {
        signal("STOP");
    }

    /** SIGCONT: a paused process carries on where it stopped. */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (child == null) {
            throw new IllegalStateException("not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(child.pid()))
                    .redirectErrorStream(true).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot signal the child process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling the child process", e);
        }
    }

    public synchronized boolean isRunning() {
        return child != null && child.isAlive();
    }

    /** Process id of the child JVM while it runs. */
    public synchronized OptionalLong pid() {
        return isRunning() ? OptionalLong.of(child.pid()) : OptionalLong.empty();
    }

    @Override
    public void close() {
        stop();
    }
}
