package io.omnijourney.journey.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.journey.app.InstanceStore;
import io.omnijourney.journey.app.ProfileCache.ProfileWrite;
import io.omnijourney.journey.domain.JourneyInstance;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.omnijourney.kit.mongo.MigrationRunner;
import java.time.Clock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The switch of {@link LocalServerWorkarounds}, against the wire-protocol MongoDB server: either setting reads every
 * document asked for and keeps conditional writes exact (the switch changes cost, never results); only with the
 * workarounds on are the exact-key unique indexes created.
 */
class LocalServerWorkaroundsTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    private static MongoDatabase freshDatabase(boolean enabled) {
        MongoDatabase database = MongoTestClient.database("journey-workarounds-test-" + enabled);
        database.drop();
        return database;
    }

    @ParameterizedTest(name = "workarounds {0}")
    @ValueSource(booleans = {true, false})
    void bulkReadsByIdFindEveryDocumentAndConditionalWritesStayExact(boolean enabled) {
        MongoDatabase database = freshDatabase(enabled);
        LocalServerWorkarounds workarounds = LocalServerWorkarounds.of(enabled);
        MongoProfileCache profiles = new MongoProfileCache(database, workarounds);
        MongoInstanceStore instances = new MongoInstanceStore(database, workarounds);

        // More ids than one chunk of the local server's $in, plus some that do not exist.
        List<String> profileIds = new ArrayList<>();
        List<ProfileWrite> writes = new ArrayList<>();
        List<JourneyInstance> started = new ArrayList<>();
        for (int n = 0; n < 250; n++) {
            profileIds.add("p-" + n);
            writes.add(new ProfileWrite("p-" + n, new ProfileSnapshot(Map.of(), Map.of(), Map.of(), Map.of(),
                    List.of()), T0, List.of(), java.util.Set.of(), List.of(), java.util.Set.of(), null));
            started.add(instance("ji-" + n, "p-" + n));
        }
        profiles.write(writes);
        instances.insertAll(started);
        List<String> asked = new ArrayList<>(profileIds);
        asked.addAll(List.of("p-missing-1", "p-missing-2"));
        assertThat(profiles.load(asked)).hasSize(250).containsKeys("p-0", "p-249");
        assertThat(instances.findAll(started.stream().map(i -> i.id).toList())).hasSize(250);

        JourneyInstance next = started.get(7).copy();
        next.stepId = "second";
        next.revision = 2;
        assertThat(instances.writeAll(List.of(new InstanceStore.InstanceWrite(next, 1, List.of())))).isTrue();
        assertThat(instances.writeAll(List.of(new InstanceStore.InstanceWrite(next, 1, List.of()))))
                .as("the revision moved on").isFalse();
        assertThat(instances.find("ji-7")).get().satisfies(s -> {
            assertThat(s.instance().stepId).isEqualTo("second");
            assertThat(s.instance().revision).isEqualTo(2);
        });
    }

    @ParameterizedTest(name = "workarounds {0}")
    @ValueSource(booleans = {true, false})
    void theExactKeyIndexesExistOnlyForTheLocalServer(boolean enabled) {
        MongoDatabase database = freshDatabase(enabled);
        // Left by an earlier version, which created them whatever the server.
        database.getCollection("instances").createIndex(Indexes.ascending("_id", "revision"),
                new IndexOptions().unique(true).name("id_revision"));
        database.getCollection("hints").createIndex(Indexes.ascending("_id", "rev"),
                new IndexOptions().unique(true).name("id_rev"));
        new MigrationRunner(database, Clock.systemUTC(), MigrationRunner.Settings.DEFAULTS).run(JourneyMigrations.all(
                LocalServerWorkarounds.of(enabled), new MongoProfileCache(database, LocalServerWorkarounds.of(enabled)),
                new MongoStatsStore(database, LocalServerWorkarounds.of(enabled))));

        assertThat(indexNames(database, "instances").contains("id_revision")).isEqualTo(enabled);
        assertThat(indexNames(database, "hints").contains("id_rev")).isEqualTo(enabled);
        assertThat(indexNames(database, "instances")).as("needed by real MongoDB either way")
                .anyMatch(name -> name.startsWith("journeyId"));
    }

    private static List<String> indexNames(MongoDatabase database, String collection) {
        return database.getCollection(collection).listIndexes().map(d -> d.getString("name"))
                .into(new ArrayList<>());
    }

    private static JourneyInstance instance(String id, String profileId) {
        JourneyInstance i = UnitOfWorkTest.instance(id, "j-1", profileId, T0);
        i.dueAt = T0.plusSeconds(3600);
        return i;
    }
}
