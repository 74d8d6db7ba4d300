package io.omnijourney.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
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

    @Test
    void killEndsTheServerJvm() {
        MongoServerProcess server = MongoServerProcess.builder().workDir(dir).heap("128m").build().start();
        long pid = server.pid().orElseThrow();

        server.kill();

        assertFalse(server.isRunning());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
