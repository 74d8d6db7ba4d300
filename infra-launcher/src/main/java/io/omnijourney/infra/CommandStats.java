package io.omnijourney.infra;

import de.bwaldvogel.mongo.bson.Document;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands the local MongoDB server handles, by command and collection, with the documents they carried
 * and the time spent in them; rewritten to a file every 10 s. A diagnostic for benchmarks, off unless asked for.
 */
final class CommandStats {

    private record Key(String command, String collection) {
    }

    private static final class Tally {
        final LongAdder calls = new LongAdder();
        final LongAdder documents = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();
    private final Path file;

    private CommandStats(Path file) {
        this.file = file;
    }

    /** The stats written to the file named by environment variable {@code variable}; null when it is not set. */
    static CommandStats fromEnvironment(String variable) {
        String target = System.getenv(variable);
        if (target == null || target.isBlank()) {
            return null;
        }
        CommandStats stats = new CommandStats(Path.of(target));
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mongo-command-stats");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(stats::write, 10, 10, TimeUnit.SECONDS);
        return stats;
    }

    void add(String command, Document query, long nanos) {
        Object target = query.get(command);
        String collection = target instanceof String name ? name : "";
        Tally tally = tallies.computeIfAbsent(new Key(command, collection), k -> new Tally());
        tally.calls.increment();
        tally.documents.add(documents(query));
        tally.nanos.add(nanos);
    }

    /** The documents a write carried (inserts, updates, deletes); 1 for anything else. */
    private static int documents(Document query) {
        for (String field : List.of("documents", "updates", "deletes")) {
            if (query.get(field) instanceof List<?> list) {
                return list.size();
            }
        }
        return 1;
    }

    private void write() {
        List<String> lines = new ArrayList<>();
        lines.add("command\tcollection\tcalls\tdocuments\tms");
        tallies.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().nanos.sum(), a.getValue().nanos.sum()))
                .forEach(e -> lines.add(e.getKey().command() + "\t" + e.getKey().collection() + "\t"
                        + e.getValue().calls.sum() + "\t" + e.getValue().documents.sum() + "\t"
                        + e.getValue().nanos.sum() / 1_000_000));
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("command stats not written to " + file + ": " + e);
        }
    }
}
