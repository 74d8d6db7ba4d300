package io.omnijourney.profile.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

/** Single inserts where an existing {@code _id} is an answer, not an error (bulk ones: {@code BulkWrites}). */
final class Inserts {

    private Inserts() {
    }

    /** False if a document with that {@code _id} (or another unique key) exists. */
    static boolean ifAbsent(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }
}
