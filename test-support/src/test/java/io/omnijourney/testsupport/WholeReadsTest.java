package io.omnijourney.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import io.omnijourney.infra.MongoServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A document read while it is being updated comes back whole: as it was before the update or as it is after, never
 * with some fields of each. mongo-java-server updates the stored document in place and encodes answers after its
 * collection lock is released; the launcher's backends copy what they answer under that lock. Services rely on it:
 * they read, decide and write conditionally on a version, which a torn read would defeat.
 */
class WholeReadsTest {

    private static final int FIELDS = 200;
    private static final long READS = 3_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void readsDuringUpdatesSeeOneVersionOfEveryField(String backend) throws Exception {
        MongoServerProcess.Builder builder = MongoServerProcess.builder().workDir(dir).heap("256m");
        if (backend.equals("h2")) {
            builder.h2File(dir.resolve("data.mv"));
        }
        try (MongoServerProcess server = builder.build().start();
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("whole").getCollection("c");
            c.insertOne(version(0));
            AtomicBoolean reading = new AtomicBoolean(true);
            AtomicInteger updates = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int v = 1; reading.get(); v++) {
                    Document set = version(v);
                    set.remove("_id");
                    c.updateOne(Filters.eq("_id", 1), new Document("$set", set));
                    updates.incrementAndGet();
                }
            });
            ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<Void>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                boolean byFindAndModify = r == 1;
                readers.add(CompletableFuture.runAsync(() -> {
                    for (long i = 0; i < READS; i++) {
                        Document read = byFindAndModify
                                ? c.findOneAndUpdate(Filters.eq("_id", 1), new Document("$inc", new Document("reads", 1)),
                                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))
                                : c.find(Filters.eq("_id", 1)).first();
                        mixed(read).ifPresent(torn::add);
                    }
                }));
            }
            CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            reading.set(false);
            writer.get(1, TimeUnit.MINUTES);

            assertTrue(updates.get() > 100, "the writer kept updating while the reads ran: " + updates.get());
            assertEquals(List.of(), List.copyOf(torn).subList(0, Math.min(torn.size(), 3)),
                    torn.size() + " of " + 2 * READS + " reads came back torn");
        }
    }

    private static Document version(int v) {
        Document d = new Document("_id", 1);
        for (int f = 0; f < FIELDS; f++) {
            d.append("f" + f, v);
        }
        return d;
    }

    /** The versions a read document mixes, when it mixes any. */
    private static Optional<String> mixed(Document read) {
        Set<Object> versions = new TreeSet<>();
        for (int f = 0; f < FIELDS; f++) {
            versions.add(read.get("f" + f));
        }
        return versions.size() == 1 ? Optional.empty() : Optional.of(versions.toString());
    }
}
