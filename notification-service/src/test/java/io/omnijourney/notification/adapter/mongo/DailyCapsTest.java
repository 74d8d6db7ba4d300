package io.omnijourney.notification.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSocketReadException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.omnijourney.kit.mongo.MigrationRunner;
import io.omnijourney.notification.app.DailyCapPurge;
import io.omnijourney.notification.app.DailyCaps.Window;
import io.omnijourney.testsupport.LostWriteAnswers;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Daily caps on the wire-protocol MongoDB: a request is counted once by its id, whether its write is retried after
 * a lost answer or replayed; a counter holds at most the cap's ids; expired counters are deleted by the scheduled
 * purge (the local server has no TTL monitor) and carry the TTL index real MongoDB uses.
 */
class DailyCapsTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final Window WINDOW = new Window("p-1", "email", DAY);

    private final MongoDatabase db = MongoTestClient.database("notification-caps-"
            + UUID.randomUUID().toString().substring(0, 8));
    private final LostWriteAnswers lost = new LostWriteAnswers("daily_caps", "findOneAndUpdate");
    private final MongoSmallStores.Caps caps = new MongoSmallStores.Caps(lost.wrap(db));
    private final MongoCollection<Document> stored = db.getCollection("daily_caps");

    private List<String> counted(Window window) {
        return stored.find(Filters.eq("_id", window.key())).first().getList("counted", String.class);
    }

    @Test
    void aCountWhoseAnswerWasLostCountsOnceWhenRetriedSoTheCapRefusesOnlyWhatIsOverIt() {
        lost.armOnce();
        assertThatThrownBy(() -> caps.tryCount(WINDOW, "r1", 2)).isInstanceOf(MongoSocketReadException.class);
        assertThat(lost.lost()).as("the write landed").isEqualTo(1);
        assertThat(counted(WINDOW)).containsExactly("r1");

        assertThat(caps.tryCount(WINDOW, "r1", 2)).as("the retry").isTrue();
        assertThat(caps.tryCount(WINDOW, "r1", 2)).as("a replay").isTrue();
        assertThat(caps.tryCount(WINDOW, "r2", 2)).as("the second request of the day").isTrue();
        assertThat(caps.tryCount(WINDOW, "r3", 2)).as("the third").isFalse();
        assertThat(counted(WINDOW)).containsExactly("r1", "r2");
    }

    @Test
    void aRefusedRequestStaysRefusedAndLeavesNoIdBehind() {
        assertThat(caps.tryCount(WINDOW, "r1", 1)).isTrue();
        lost.armOnce();
        assertThatThrownBy(() -> caps.tryCount(WINDOW, "r2", 1)).isInstanceOf(MongoSocketReadException.class);
        for (int replay = 0; replay < 3; replay++) {
            assertThat(caps.tryCount(WINDOW, "r2", 1)).isFalse();
        }
        assertThat(caps.tryCount(WINDOW, "r1", 1)).as("the counted one, replayed").isTrue();
        assertThat(counted(WINDOW)).containsExactly("r1");
        assertThat(caps.tryCount(new Window("p-1", "sms", DAY), "r2", 1)).as("another channel").isTrue();
        assertThat(caps.tryCount(new Window("p-1", "email", DAY.plusDays(1)), "r4", 1)).as("the next day").isTrue();
    }

    @Test
    void theScheduledPurgeDeletesExpiredCountersAndKeepsTheOthers() {
        Window yesterday = new Window("p-1", "email", DAY.minusDays(1));
        Window twoDaysAgo = new Window("p-1", "email", DAY.minusDays(2));
        caps.tryCount(twoDaysAgo, "r0", 5);
        caps.tryCount(yesterday, "r1", 5);
        caps.tryCount(WINDOW, "r2", 5);
        Instant now = DAY.atTime(10, 0).toInstant(ZoneOffset.UTC);
        assertThat(stored.find(Filters.eq("_id", twoDaysAgo.key())).first().getDate("expireAt").toInstant())
                .isEqualTo(DAY.atStartOfDay(ZoneOffset.UTC).toInstant());

        DailyCapPurge purge = new DailyCapPurge(caps, Clock.fixed(now, ZoneOffset.UTC), 1000);
        assertThat(purge.purge()).isEqualTo(1);
        assertThat(keys()).containsExactlyInAnyOrder(yesterday.key(), WINDOW.key());
        assertThat(purge.purge()).as("nothing more has expired").isZero();

        DailyCapPurge dayAfter = new DailyCapPurge(caps, Clock.fixed(now.plusSeconds(86_400), ZoneOffset.UTC), 1000);
        assertThat(dayAfter.purge()).isEqualTo(1);
        assertThat(keys()).containsExactly(WINDOW.key());
    }

    @Test
    void aPurgeRunDeletesOneBatchAtMost() {
        for (int day = 10; day < 15; day++) {
            caps.tryCount(new Window("p-1", "email", DAY.minusDays(day)), "r" + day, 5);
        }
        DailyCapPurge purge = new DailyCapPurge(caps, Clock.fixed(DAY.atStartOfDay(ZoneOffset.UTC).toInstant(),
                ZoneOffset.UTC), 2);
        assertThat(purge.purge()).isEqualTo(2);
        assertThat(purge.purge()).isEqualTo(2);
        assertThat(purge.purge()).isEqualTo(1);
        assertThat(keys()).isEmpty();
    }

    @Test
    void realMongoDbExpiresCountersThroughATtlIndexAndCountersKeptBeforeGetAnExpiry() {
        stored.insertOne(new Document("_id", "p-9|email|2026-01-01").append("profileId", "p-9").append("count", 3));

        migrate();

        Document ttl = stored.listIndexes().into(new ArrayList<>()).stream()
                .filter(i -> i.get("key", Document.class).containsKey("expireAt")).findFirst().orElseThrow();
        assertThat(ttl.get("expireAfterSeconds", Number.class).longValue()).isZero();
        assertThat(stored.find(Filters.eq("_id", "p-9|email|2026-01-01")).first().getDate("expireAt")).isNotNull();
    }

    private void migrate() {
        new MigrationRunner(db, Clock.systemUTC(), MigrationRunner.Settings.DEFAULTS)
                .run(NotificationMigrations.all(new LocalServerWorkarounds(false)));
    }

    private List<String> keys() {
        return stored.find().map(d -> d.getString("_id")).into(new ArrayList<>());
    }
}
