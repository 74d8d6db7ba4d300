package io.omnijourney.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A MongoDB wire-protocol server (mongo-java-server) in a JVM of its own, in memory by default or
 * on an H2 file that survives restarts. Official MongoDB drivers connect to it over TCP. It has no
 * transactions and no TTL expiry; see the project's environment notes for what else differs. The memory backend
 * keeps no data-size bookkeeping ({@code collStats}/{@code dbStats} report a size of 0), see {@code LeanMemoryBackend}.
 */
public final class MongoServerProcess extends ChildProcess {

    private static final String CONSOLE_LOG = "mongo-console.log";

    private final int port;
    private final Path h2File;
    private final Path workDir;
    private final String heap;
    private final boolean oplog;
    private final List<String> jvmArgs;
    private final Duration startTimeout;

    private MongoServerProcess(Builder builder) {
        this.port = Ports.resolve(builder.port);
        this.h2File = builder.h2File == null ? null : builder.h2File.toAbsolutePath();
        this.workDir = resolveWorkDir(builder);
        this.heap = builder.heap;
        this.oplog = builder.oplog;
        this.jvmArgs = List.copyOf(builder.jvmArgs);
        this.startTimeout = builder.startTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the server and returns once it listens. Does nothing if it is already running. */
    public synchronized MongoServerProcess start() {
        if (isRunning()) {
            return this;
        }
        launch(JvmOptions.of(heap, jvmArgs), arguments(), consoleLog(), startTimeout,
                e -> new IllegalStateException("Mongo server on port " + port + " did not become ready within "
                        + startTimeout + " (" + e.getMessage() + ")\n" + LogTail.of(consoleLog()), e));
        return this;
    }





    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Where the server JVM's stdout and stderr go. */
    public Path consoleLog() {
        return workDir.resolve(CONSOLE_LOG);
    }


    private List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("mongo", "--port", String.valueOf(port)));
        if (h2File != null) {
            args.add("--h2");
            args.add(h2File.toString());
        }
        if (oplog) {
            args.add("--oplog");
        }
        return args;
    }

    private static Path resolveWorkDir(Builder builder) {
        if (builder.workDir != null) {
            return builder.workDir.toAbsolutePath();
        }
        if (builder.h2File != null) {
            return builder.h2File.toAbsolutePath().getParent();
        }
        try {
            return Files.createTempDirectory("omnijourney-mongo-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "MongoServerProcess[" + connectionString() + (h2File == null ? ", memory" : ", " + h2File) + "]";
    }

    public static final class Builder {
        private int port;
        private Path h2File;
        private Path workDir;
        private String heap = "512m";
        private boolean oplog;
        private final List<String> jvmArgs = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Port on 127.0.0.1; 0 (the default) picks a free one when {@link #build()} runs. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Keep the data in this H2 file (created if absent) instead of in memory. */
        public Builder h2File(Path file) {
            this.h2File = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Directory for the console log; defaults to the H2 file's directory, else a new temp directory. */
        public Builder workDir(Path dir) {
            this.workDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Maximum heap, "512m" by default. The memory backend keeps every document on this heap. */
        public Builder heap(String heap) {
            this.heap = JvmOptions.maxHeap(heap);
            return this;
        }

        /** Change streams work only with the oplog on; off by default because it costs memory. */
        public Builder oplog(boolean enabled) {
            this.oplog = enabled;
            return this;
        }

        /** An extra option for the server JVM; as for the broker, naming a GC replaces the serial default. */
        public Builder jvmArg(String option) {
            jvmArgs.add(Objects.requireNonNull(option, "option"));
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public MongoServerProcess build() {
            return new MongoServerProcess(this);
        }
    }
}
