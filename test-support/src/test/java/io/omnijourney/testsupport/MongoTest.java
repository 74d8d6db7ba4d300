package io.omnijourney.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MongoTest {

    private static final String DATABASE = "test_support_mongo";

    @AfterEach
    void dropDatabase() {
        MongoTestClient.dropDatabase(DATABASE);
    }

    @Test
    void insertsAndFindsOverTheOfficialDriver() {
        MongoCollection<Document> profiles = MongoTestClient.database(DATABASE).getCollection("profiles");
        profiles.insertOne(new Document("_id", "p1").append("plan", "gold").append("visits", 3));

        Document found = profiles.find(new Document("plan", "gold")).first();

        assertEquals("p1", found.getString("_id"));
        assertEquals(3, found.getInteger("visits"));
    }

    @Test
    void uniqueIndexViolationIsDuplicateKey11000() {
        MongoCollection<Document> users = MongoTestClient.database(DATABASE).getCollection("users");
        users.createIndex(Indexes.ascending("externalId"), new IndexOptions().unique(true));
        users.insertOne(new Document("externalId", "x-1"));

        MongoWriteException failure = assertThrows(MongoWriteException.class,
                () -> users.insertOne(new Document("externalId", "x-1")));

        assertEquals(11000, failure.getCode());
        assertEquals(ErrorCategory.DUPLICATE_KEY, ErrorCategory.fromErrorCode(failure.getCode()));
    }

    @Test
    void dropDatabaseRemovesEverything() {
        MongoDatabase database = MongoTestClient.database(DATABASE);
        database.getCollection("scratch").insertOne(new Document("a", 1));

        MongoTestClient.dropDatabase(DATABASE);

        assertFalse(MongoTestClient.client().listDatabaseNames().into(new java.util.ArrayList<>()).contains(DATABASE));
    }
}
