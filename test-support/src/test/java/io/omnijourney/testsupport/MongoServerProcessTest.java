package io.omnijourney.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.omnijourney.infra.MongoServerProcess;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoServerProcessTest {

    @TempDir
    Path dir;

    @Test
    void h2BackendKeepsDataAcrossARestart() {
        try (MongoServerProcess server = MongoServerProcess.builder().h2File(dir.resolve("data.mv")).heap("256m").build()) {
            server.start();
            try (MongoClient client = MongoClients.create(server.connectionString())) {
                client.getDatabase("kept").getCollection("c").insertOne(new Document("_id", 1));
            }
            server.stop();
            server.start();
            try (MongoClient client = MongoClients.create(server.connectionString())) {
                assertEquals(1, client.getDatabase("kept").getCollection("c").countDocuments());
            }
        }
    }

    /**
     * The memory backend skips the stock one's data-size bookkeeping (a BSON encode of every document written):
     * writes, updates, removes and unique indexes behave as before, and only collStats' size reads 0.
     */
    @Test
    void memoryBackendServesWritesWithoutSizeBookkeeping() {
        try (MongoServerProcess server = MongoServerProcess.builder().workDir(dir).heap("256m").build().start();
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("lean").getCollection("c");
            c.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            c.insertOne(new Document("_id", 1).append("email", "a@example.com").append("n", 1));
            c.insertOne(new Document("_id", 2).append("email", "b@example.com").append("n", 1));
            c.updateOne(Filters.eq("_id", 1), Updates.inc("n", 41));
            c.deleteOne(Filters.eq("_id", 2));

            assertEquals(42, c.find(Filters.eq("_id", 1)).first().getInteger("n"));
            assertEquals(1, c.countDocuments());
            assertThrows(MongoWriteException.class,
                    () -> c.insertOne(new Document("_id", 3).append("email", "a@example.com")));
            Document stats = client.getDatabase("lean").runCommand(new Document("collStats", "c"));
            assertEquals(1, stats.get("count", Number.class).intValue());
            assertEquals(0, stats.get("size", Number.class).intValue());
        }
    }

    @Test
    void killEndsTheServerJvm() {
        MongoServerProcess server = MongoServerProcess.builder().workDir(dir).heap("128m").build().start();
        long pid = server.pid().orElseThrow();

        server.kill();

        assertFalse(server.isRunning());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
