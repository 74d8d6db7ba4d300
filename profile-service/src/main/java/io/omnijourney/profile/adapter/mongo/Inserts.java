package io.omnijourney.profile.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** Inserts where an existing {@code _id} is an answer, not an error. */
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

    /**
     * The positions of the write errors of a bulk that are duplicate keys.
     *
     * @throws MongoBulkWriteException if any error is something else
     */
    static List<Integer> duplicates(MongoBulkWriteException e) {
        List<Integer> positions = new ArrayList<>();
        for (BulkWriteError error : e.getWriteErrors()) {
            if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            positions.add(error.getIndex());
        }
        return positions;
    }
}
