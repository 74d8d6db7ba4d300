package io.omnijourney.infra;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import io.netty.channel.Channel;

/**
 * mongo-java-server's memory backend without its data-size bookkeeping. The stock collection re-encodes every
 * document it inserts, updates (old and new) or removes to BSON only to keep {@code collStats.size} current, a figure
 * no service reads (a CPU profile at 200 events/s gave it 22% of the server's samples; the latency benchmark's CPU per
 * event did not drop measurably without it, see BENCHMARKS.md). Here {@code collStats}/{@code dbStats} report a data
 * size of 0. Reads are never torn ({@link WholeAnswers}); everything else behaves as the stock backend.
 */
final class LeanMemoryBackend extends MemoryBackend {

    /**
     * When set (environment), a file the server rewrites every 10 s with how many commands of each kind on each
     * collection it handled, and the time it spent in them: where a benchmark's MongoDB work goes.
     */
    static final String COMMAND_STATS = "OMNIJOURNEY_MONGO_COMMAND_STATS";

    private final CommandStats stats = CommandStats.fromEnvironment(COMMAND_STATS);

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        long start = System.nanoTime();
        try {
            return WholeAnswers.handle(this, databaseName, command, query,
                    () -> super.handleCommand(channel, databaseName, command, query));
        } finally {
            if (stats != null) {
                stats.add(command, query, System.nanoTime() - start);
            }
        }
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new LeanDatabase(databaseName, getCursorRegistry());
    }

    private static final class LeanDatabase extends MemoryDatabase {
        LeanDatabase(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new LeanCollection(this, collectionName, options, cursorRegistry);
        }
    }

    private static final class LeanCollection extends MemoryCollection {
        LeanCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected boolean tracksDataSize() {
            return false;
        }
    }
}
