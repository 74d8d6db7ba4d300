package io.omnijourney.notification.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.kit.mongo.MigrationRunner;
import io.omnijourney.notification.app.Ledger;
import io.omnijourney.notification.app.LedgerEntry;
import io.omnijourney.notification.app.ProfileStates;
import io.omnijourney.notification.domain.DeliveryState;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The local-server workarounds: on, they add the exact-key indexes and chunk {@code $in} lists; off (as against a
 * real MongoDB), the stores keep working the same without them.
 */
class LocalServerWorkaroundsTest {

    private static final Instant T1 = Instant.parse("2026-11-20T10:00:00Z");
    private final LocalServerWorkarounds on = new LocalServerWorkarounds(true);
    private final LocalServerWorkarounds off = new LocalServerWorkarounds(false);

    private static MongoDatabase database() {
        return MongoTestClient.database("notification-workarounds-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void inListsGoInChunksWithTheWorkaroundsOnAndInOneQueryOff() {
        List<Integer> ids = IntStream.range(0, 250).boxed().toList();
        assertThat(on.chunks(ids)).hasSize(3).allSatisfy(chunk -> assertThat(chunk.size()).isLessThanOrEqualTo(100));
        assertThat(off.chunks(ids)).containsExactly(ids);
        assertThat(on.chunks(List.of())).isEmpty();
    }

    @Test
    void theExactKeyIndexesExistOnlyWithTheWorkaroundsOnAndAreDroppedWhereAnEarlierVersionLeftThem() {
        MongoDatabase withIndexes = database();
        migrate(withIndexes, on);
        MongoDatabase earlierVersion = database();
        earlierVersion.getCollection("ledger").createIndex(Indexes.ascending("_id", "state"),
                new IndexOptions().unique(true));
        earlierVersion.getCollection("profiles").createIndex(Indexes.ascending("_id", "version"),
                new IndexOptions().unique(true));
        migrate(earlierVersion, off);

        assertThat(indexKeys(withIndexes, "ledger")).contains(List.of("_id", "state"));
        assertThat(indexKeys(withIndexes, "profiles")).contains(List.of("_id", "version"));
        assertThat(indexKeys(earlierVersion, "ledger")).doesNotContain(List.of("_id", "state"))
                .contains(List.of("profileId", "createdAt"));
        assertThat(indexKeys(earlierVersion, "profiles")).doesNotContain(List.of("_id", "version"));
    }

    private static void migrate(MongoDatabase db, LocalServerWorkarounds workarounds) {
        new MigrationRunner(db, Clock.systemUTC(), MigrationRunner.Settings.DEFAULTS)
                .run(NotificationMigrations.all(workarounds));
    }

    @Test
    void theStoresBehaveTheSameWithTheWorkaroundsOff() {
        MongoDatabase db = database();
        ProfileStates states = new MongoProfileStates(db, off);
        ProfileStates.Batch batch = states.batch(List.of("p", "q"));
        batch.apply("p", snapshot("subscribed", T1), T1);
        batch.apply("q", snapshot("unsubscribed", T1), T1);
        batch.flush();
        states.setConsent("p", "email", "unsubscribed", T1.plusSeconds(60));
        assertThat(states.consent("p", "email")).contains("unsubscribed");
        assertThat(states.facts(List.of("p", "q")).consent("q", "email")).contains("unsubscribed");

        Ledger ledger = new MongoLedger(db, off);
        LedgerEntry fresh = new LedgerEntry("r1", "p", "j", "s", "t", "transactional", null, null,
                DeliveryState.QUEUED, null, 0, null, false, null, null, null, null, null, T1, T1);
        assertThat(ledger.claim(fresh, T1, T1.plusSeconds(120))).isInstanceOf(Ledger.Claim.Owned.class);
        ledger.startAttempt("r1", 1, "fake", T1);
        assertThat(ledger.finish("r1", DeliveryState.SENT, "fake", "m-1", null, T1).state())
                .isEqualTo(DeliveryState.SENT);
        assertThat(ledger.claim(fresh, T1, T1.plusSeconds(120))).isInstanceOf(Ledger.Claim.Done.class);
    }

    private static ProfileSnapshot snapshot(String emailStatus, Instant at) {
        return new ProfileSnapshot(Map.of("email", List.of("ana@example.com")), Map.of("firstName", "Ana"),
                Map.of("email", new ProfileSnapshot.Consent(emailStatus, at)), Map.of(), List.of());
    }

    private static List<List<String>> indexKeys(MongoDatabase db, String collection) {
        List<List<String>> keys = new ArrayList<>();
        db.getCollection(collection).listIndexes().forEach(index -> keys.add(
                new ArrayList<>(index.get("key", Document.class).keySet())));
        return keys;
    }
}
