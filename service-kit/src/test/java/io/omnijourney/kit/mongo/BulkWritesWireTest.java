package io.omnijourney.kit.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.omnijourney.testsupport.MongoTestClient;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The helper against the test MongoDB server over the wire, with the write concern the services use in production
 * ({@code w: majority}, journaled): the server's replies are read as the unit tests expect.
 */
class BulkWritesWireTest {

    private static final String DATABASE = "kit-bulk-writes";
    private MongoCollection<Document> things;

    @BeforeEach
    void freshCollection() {
        MongoDatabase database = MongoTestClient.database(DATABASE);
        database.drop();
        things = database.getCollection("things").withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        things.insertOne(new Document("_id", "a").append("n", 1));
    }

    @AfterEach
    void drop() {
        MongoTestClient.dropDatabase(DATABASE);
    }

    @Test
    void existingKeysComeBackAsTheIndexesOfTheirWritesAndTheRestIsStored() {
        List<WriteModel<Document>> writes = new ArrayList<>();
        writes.add(new InsertOneModel<>(new Document("_id", "b")));
        writes.add(new InsertOneModel<>(new Document("_id", "a")));
        writes.add(new UpdateOneModel<>(Filters.eq("_id", "a"), Updates.inc("n", 1)));
        writes.add(new InsertOneModel<>(new Document("_id", "c")));

        BulkOutcome outcome = BulkWrites.writeAllowingDuplicates(things, writes);

        assertThat(outcome.duplicates()).containsExactly(1);
        assertThat(outcome.result().getMatchedCount()).isEqualTo(1);
        assertThat(things.countDocuments()).isEqualTo(3);
        assertThat(things.find(Filters.eq("_id", "a")).first().getInteger("n")).isEqualTo(2);
    }

    @Test
    void insertsOfStoredDocumentsAreAnsweredAsDuplicates() {
        List<Document> documents = List.of(new Document("_id", "a"), new Document("_id", "d"));

        assertThat(BulkWrites.insertAllowingDuplicates(things, documents)).containsExactly(0);
        assertThat(things.countDocuments()).isEqualTo(2);
    }

    @Test
    void aDuplicateWhereNoneIsExpectedIsThrown() {
        assertThatThrownBy(() -> BulkWrites.write(things, List.of(new InsertOneModel<>(new Document("_id", "a")))))
                .isInstanceOf(MongoBulkWriteException.class);
    }

    @Test
    void aRequestPathReadCarriesItsServerSideLimit() {
        assertThat(RequestReads.bounded(things.find(Filters.eq("_id", "a"))).first()).isNotNull();
    }
}
