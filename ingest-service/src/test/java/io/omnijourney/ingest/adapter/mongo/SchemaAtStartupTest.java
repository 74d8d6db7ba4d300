package io.omnijourney.ingest.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.omnijourney.contract.Topics;
import io.omnijourney.kit.mongo.MigrationRunner;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The service started in {@code startup} mode (the default): by the time it is up, its migrations are recorded as
 * applied and the write-key indexes exist, the unique one refusing a second source with the same key hash.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class SchemaAtStartupTest {

    @Inject
    MongoClient client;

    @Test
    void theMigrationsAreAppliedBeforeTheServiceIsUp() {
        MongoDatabase database = client.getDatabase("ingest");
        List<String> recorded = database.getCollection(MigrationRunner.COLLECTION)
                .find(Filters.exists("finishedAt")).map(d -> d.getString("_id")).into(new ArrayList<>());
        MongoCollection<Document> sources = database.getCollection(MongoSourceStore.COLLECTION);

        assertThat(recorded).containsAll(IngestMigrations.all().stream().map(m -> m.id()).toList());
        assertThat(sources.listIndexes().map(d -> d.getString("name")).into(new ArrayList<>()))
                .contains("keyHash_unique", "previousKeyHash");
        sources.insertOne(new Document("_id", "schema-test-a").append("keyHash", "schema-test-hash"));
        try {
            assertThatThrownBy(() -> sources.insertOne(new Document("_id", "schema-test-b")
                    .append("keyHash", "schema-test-hash")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getCategory())
                            .isEqualTo(ErrorCategory.DUPLICATE_KEY));
        } finally {
            sources.deleteMany(Filters.in("_id", "schema-test-a", "schema-test-b"));
        }
    }
}
