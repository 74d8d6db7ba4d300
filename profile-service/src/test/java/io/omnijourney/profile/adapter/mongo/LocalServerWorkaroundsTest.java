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

/**
 * The wire-protocol test server can return a document half replaced: with the workarounds on, a sealed read never
 * accepts one; with them off (real MongoDB), nothing is sealed and every document is accepted.
 */
class LocalServerWorkaroundsTest {

    private static final LocalServerWorkarounds ON = new LocalServerWorkarounds(true);
    private static final LocalServerWorkarounds OFF = new LocalServerWorkarounds(false);

    private static final String DATABASE = "digests-test";

    @AfterEach
    void drop() {
        MongoTestClient.dropDatabase(DATABASE);
    }

    @Test
    void aReadRacingAReplaceIsEitherWholeOrRejected() throws Exception {
        MongoCollection<Document> collection = MongoTestClient.database(DATABASE).getCollection("documents");
        collection.insertOne(ON.seal(generation(0)));
        AtomicLong acceptedTorn = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        Thread writer = new Thread(() -> {
            for (long v = 0; v < 1500; v++) {
                collection.replaceOne(Filters.and(Filters.eq("_id", "x"), Filters.eq("version", v)),
                        ON.seal(generation(v + 1)));
            }
        });
        writer.start();
        while (writer.isAlive()) {
            Document read = collection.find(Filters.eq("_id", "x")).first();
            if (ON.unseal(read)) {
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
    void aReadRacingAnUpdateOfTheChangedFieldsIsEitherWholeOrRejected() throws Exception {
        MongoCollection<Document> collection = MongoTestClient.database(DATABASE).getCollection("documents");
        collection.insertOne(ON.seal(generation(0)));
        AtomicLong acceptedTorn = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        Thread writer = new Thread(() -> {
            for (long v = 0; v < 1500; v++) {
                Document update = ProfileUpdates.between(ON.seal(generation(v)), ON.seal(generation(v + 1)))
                        .orElseThrow();
                collection.updateOne(Filters.and(Filters.eq("_id", "x"), Filters.eq("version", v)), update);
            }
        });
        writer.start();
        while (writer.isAlive()) {
            Document read = collection.find(Filters.eq("_id", "x")).first();
            if (ON.unseal(read)) {
                accepted.incrementAndGet();
                if (!read.equals(generation(read.getLong("version")))) {
                    acceptedTorn.incrementAndGet();
                }
            }
        }
        writer.join();

        assertThat(collection.find().first()).as("the last update gave exactly the last generation, digest included")
                .isEqualTo(ON.seal(generation(1500)));
        assertThat(accepted.get()).isPositive();
        assertThat(acceptedTorn.get()).isZero();
    }

    @Test
    void aSealedDocumentReadsBackIntact() {
        MongoCollection<Document> collection = MongoTestClient.database(DATABASE).getCollection("documents");
        collection.insertOne(ON.seal(generation(3)));

        Document read = collection.find().first();

        assertThat(ON.unseal(read)).isTrue();
        assertThat(read).isEqualTo(generation(3));
    }

    @Test
    void offNothingIsSealedAndADocumentWithoutDigestIsAcceptedEitherWay() {
        Document plain = generation(2);
        assertThat(OFF.seal(plain)).isEqualTo(generation(2));
        assertThat(ON.unseal(new Document(plain))).as("written while off, read while on").isTrue();
        Document sealed = ON.seal(generation(4));
        assertThat(OFF.unseal(sealed)).isTrue();
        assertThat(sealed).as("the digest is removed on read").isEqualTo(generation(4));
    }

    @Test
    void inQueriesAreChunkedOnlyForTheLocalServer() {
        List<Integer> keys = java.util.stream.IntStream.range(0, 250).boxed().toList();
        assertThat(ON.inChunks(keys)).hasSize(3).allSatisfy(chunk -> assertThat(chunk.size()).isLessThanOrEqualTo(100));
        assertThat(OFF.inChunks(keys)).hasSize(1);
        assertThat(OFF.inChunks(List.of())).isEmpty();
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
