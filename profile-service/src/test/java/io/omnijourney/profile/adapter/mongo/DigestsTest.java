package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.omnijourney.testsupport.MongoTestClient;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire-protocol test server can return a document half replaced; a sealed read must never accept one. */
class DigestsTest {

    private static final String DATABASE = "digests-test";

    @AfterEach
    void drop() {
        MongoTestClient.dropDatabase(DATABASE);
    }

    @Test
    void aReadRacingAReplaceIsEitherWholeOrRejected() throws Exception {
        MongoCollection<Document> collection = MongoTestClient.database(DATABASE).getCollection("documents");
        collection.insertOne(Digests.seal(generation(0)));
        AtomicLong acceptedTorn = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        Thread writer = new Thread(() -> {
            for (long v = 0; v < 1500; v++) {
                collection.replaceOne(Filters.and(Filters.eq("_id", "x"), Filters.eq("version", v)),
                        Digests.seal(generation(v + 1)));
            }
        });
        writer.start();
        while (writer.isAlive()) {
            Document read = collection.find(Filters.eq("_id", "x")).first();
            if (Digests.unseal(read)) {
                accepted.incrementAndGet();
                if (!read.equals(generation(read.getLong("version")))) {
                    acceptedTorn.incrementAndGet();
                }
            }
        }
        writer.join();

        assertThat(accepted.get()).isPositive();
        assertThat(acceptedTorn.get()).isZero();
    }

    @Test
    void aSealedDocumentReadsBackIntact() {
        MongoCollection<Document> collection = MongoTestClient.database(DATABASE).getCollection("documents");
        collection.insertOne(Digests.seal(generation(3)));

        Document read = collection.find().first();

        assertThat(Digests.unseal(read)).isTrue();
        assertThat(read).isEqualTo(generation(3));
    }

    /** Every field carries the generation, so a mix of two generations is visible. */
    private static Document generation(long v) {
        Document document = new Document("_id", "x").append("first", v);
        for (int i = 0; i < 20; i++) {
            List<Long> values = new ArrayList<>(List.of(v, v, v));
            document.append("field" + i, values);
        }
        return document.append("last", v).append("version", v);
    }
}
