package io.omnijourney.ingest.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import io.omnijourney.contract.Topics;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The client Quarkus builds from application.properties carries the replica-set write concern (Quarkus ignores
 * {@code w} in the connection string, so only these properties set it), and the local test server takes writes
 * with it.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class ReplicaSetClientSettingsTest {

    @Inject
    MongoClient client;

    @Test
    void writesWaitForAJournaledMajorityAndGiveUpBeforeTheSocketTimeout() {
        WriteConcern writeConcern = client.getDatabase("ingest").getWriteConcern();

        assertThat(writeConcern.getWObject()).isEqualTo("majority");
        assertThat(writeConcern.getJournal()).isTrue();
        assertThat(writeConcern.getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1500);
        client.getDatabase("ingest").getCollection("write_concern_probe").insertOne(new Document("_id", "probe"));
        client.getDatabase("ingest").getCollection("write_concern_probe").drop();
    }
}
