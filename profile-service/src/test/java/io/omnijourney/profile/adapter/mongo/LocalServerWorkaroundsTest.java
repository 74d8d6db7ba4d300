package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.omnijourney.profile.app.StoredProfile;
import io.omnijourney.testsupport.MongoTestClient;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What profile-service adapts to the local wire-protocol server, and what it need not: with the workarounds on or
 * off, a profile read while another thread writes it is always one whole version (the server answers whole
 * documents), and a digest that earlier versions stored is neither read into a profile nor kept by the next write.
 */
class LocalServerWorkaroundsTest {

    private static final LocalServerWorkarounds ON = new LocalServerWorkarounds(true);
    private static final LocalServerWorkarounds OFF = new LocalServerWorkarounds(false);
    private static final String DATABASE = "local-workarounds-test";
    private static final int WRITES = 1000;

    @AfterEach
    void drop() {
        MongoTestClient.dropDatabase(DATABASE);
    }

    /** Every read of a profile being rewritten, by load, loadAll or page, is exactly the version it says it is. */
    @ParameterizedTest(name = "workarounds on: {0}")
    @ValueSource(booleans = {true, false})
    void aProfileReadWhileItIsUpdatedAndReplacedIsAlwaysOneWholeVersion(boolean workarounds) throws Exception {
        LocalServerWorkarounds local = new LocalServerWorkarounds(workarounds);
        MongoDatabase database = MongoTestClient.database(DATABASE);
        List<StoredProfile> versions = versions();
        MongoProfileStore writer = new MongoProfileStore(database, local);
        writer.insert(versions.get(0));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writes = pool.submit(() -> {
                try {
                    for (int v = 0; v < WRITES; v++) {
                        // Even versions are read first and updated field by field, odd ones replaced whole.
                        StoredProfile read = v % 2 == 0 ? writer.load("p-1").orElseThrow() : versions.get(v);
                        assertThat(writer.replace(TypicalProfiles.oneMoreProductView(read)))
                                .contains(versions.get(v + 1));
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> readWhile(writing, new MongoProfileStore(database, local), versions)));
            }

            writes.get(2, TimeUnit.MINUTES);
            for (Future<Long> reads : readers) {
                assertThat(reads.get(1, TimeUnit.MINUTES)).as("reads that raced the writes").isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(writer.load("p-1")).contains(versions.get(WRITES));
    }

    @ParameterizedTest(name = "workarounds on: {0}")
    @ValueSource(booleans = {true, false})
    void aStoredDigestIsNotPartOfTheProfileAndTheNextWriteRemovesIt(boolean workarounds) {
        LocalServerWorkarounds local = new LocalServerWorkarounds(workarounds);
        MongoCollection<Document> profiles = MongoTestClient.database(DATABASE)
                .getCollection(MongoProfileStore.COLLECTION);
        StoredProfile stored = TypicalProfiles.afterEvents(4);
        profiles.insertOne(ProfileDocuments.toDocument(stored).append(MongoProfileStore.LEGACY_DIGEST, 2364312897L));
        MongoProfileStore store = new MongoProfileStore(MongoTestClient.database(DATABASE), local);

        StoredProfile read = store.load("p-1").orElseThrow();
        assertThat(read).isEqualTo(stored);
        assertThat(store.loadAll(Set.of("p-1"))).containsEntry("p-1", stored);
        assertThat(store.page(null, 10)).containsExactly(stored);

        StoredProfile written = store.replace(TypicalProfiles.oneMoreProductView(read)).orElseThrow();

        assertThat(profiles.find().first()).as("exactly what a replace would have stored, no digest")
                .isEqualTo(ProfileDocuments.toDocument(written));
        assertThat(store.load("p-1")).contains(written);
    }

    /** Members page by page in id order, merged profiles and other segments' members left out, either way. */
    @ParameterizedTest(name = "workarounds on: {0}")
    @ValueSource(booleans = {true, false})
    void segmentMembersArePagedInIdOrder(boolean workarounds) {
        MongoCollection<Document> profiles = MongoTestClient.database(DATABASE)
                .getCollection(MongoProfileStore.COLLECTION);
        List<String> expected = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 300; i++) {
            String id = java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)}).toString();
            boolean member = random.nextInt(3) > 0;
            boolean merged = i % 17 == 0;
            Document d = new Document("_id", id).append("segments", member ? List.of("other", "gold") : List.of("other"));
            if (merged) {
                d.append("mergedInto", "someone");
            }
            profiles.insertOne(d);
            if (member && !merged) {
                expected.add(id);
            }
        }
        expected.sort(null);
        MongoProfileStore store = new MongoProfileStore(MongoTestClient.database(DATABASE),
                new LocalServerWorkarounds(workarounds));

        List<String> paged = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 20; page++) {
            List<String> ids = store.membersOf("gold", after, 25);
            paged.addAll(ids);
            if (ids.size() < 25) {
                break;
            }
            after = ids.get(ids.size() - 1);
        }

        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(paged).isEqualTo(expected);
        assertThat(store.membersOf("nobody", null, 25)).isEmpty();
    }

    @Test
    void inQueriesAreChunkedOnlyForTheLocalServer() {
        List<Integer> keys = IntStream.range(0, 250).boxed().toList();
        assertThat(ON.inChunks(keys)).hasSize(3).allSatisfy(chunk -> assertThat(chunk.size()).isLessThanOrEqualTo(100));
        assertThat(OFF.inChunks(keys)).hasSize(1);
        assertThat(OFF.inChunks(List.of())).isEmpty();
    }

    /** Reads the profile every way the store reads it until the writer is done, checking each; the number of reads. */
    private static long readWhile(AtomicBoolean writing, MongoProfileStore store, List<StoredProfile> versions) {
        AtomicLong reads = new AtomicLong();
        while (writing.get()) {
            List<StoredProfile> seen = new ArrayList<>();
            seen.add(store.load("p-1").orElseThrow());
            seen.add(store.loadAll(Set.of("p-1")).get("p-1"));
            seen.addAll(store.page(null, 10));
            for (StoredProfile profile : seen) {
                assertThat(profile).as("the profile as written at its version")
                        .isEqualTo(versions.get((int) profile.version()));
                reads.incrementAndGet();
            }
        }
        return reads.get();
    }

    /** The profile at every version the writer stores: one more product view each. */
    private static List<StoredProfile> versions() {
        List<StoredProfile> versions = new ArrayList<>();
        versions.add(TypicalProfiles.afterEvents(10));
        for (int v = 0; v < WRITES; v++) {
            versions.add(ProfileUpdatesTest.written(TypicalProfiles.oneMoreProductView(versions.get(v))));
        }
        return versions;
    }
}
