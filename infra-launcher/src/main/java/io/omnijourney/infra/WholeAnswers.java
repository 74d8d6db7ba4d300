package io.omnijourney.infra;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers that carry stored documents, copied while their collection is locked. mongo-java-server updates a stored
 * document in place, field by field, under the collection's lock, and hands the same document objects to the answer,
 * which is encoded after the lock is released: a read that raced an update could come back with some fields of each
 * version (a torn read), which real MongoDB never returns. Here {@code find}, {@code getMore}, {@code findAndModify}
 * and {@code aggregate} run holding the collection's lock (its collections synchronize on themselves, and a lock on a
 * collection is never followed by one on its database the other way round), and the documents of their answer are
 * copied before it is released, so every read is of one version. The cost is one copy of each document read. An
 * aggregation that reads or writes a second collection is answered as before (see
 * {@link #readsOrWritesAnotherCollection}).
 */
final class WholeAnswers {

    private WholeAnswers() {
    }

    /** The answer of {@code handler} for a command, copied under its collection's lock when it carries documents. */
    static Document handle(AbstractMongoBackend backend, String databaseName, String command, Document query,
            Supplier<Document> handler) {
        String collectionName = collectionOf(command, query);
        if (collectionName == null) {
            return handler.get();
        }
        MongoDatabase database = backend.resolveDatabase(databaseName);
        MongoCollection<?> collection = database.resolveCollection(collectionName, false);
        if (collection == null) {
            return handler.get();
        }
        synchronized (collection) {
            Document answer = handler.get();
            copyDocumentsOf(answer);
            return answer;
        }
    }

    /** The collection whose documents the command answers with; null for every other command. */
    private static String collectionOf(String command, Document query) {
        Object name;
        if (command.equalsIgnoreCase("getMore")) {
            name = query.get("collection");
        } else if (command.equalsIgnoreCase("find") || command.equalsIgnoreCase("findAndModify")
                || (command.equalsIgnoreCase("aggregate") && !readsOrWritesAnotherCollection(query))) {
            name = query.get(command);
        } else {
            return null;
        }
        return name instanceof String s ? s : null;
    }

    /**
     * Whether an aggregation pipeline has a stage that locks a second collection: holding the first one's lock then,
     * two such pipelines in opposite directions could wait for each other forever. No service runs one; it is
     * answered as the stock server does.
     */
    private static boolean readsOrWritesAnotherCollection(Document query) {
        if (!(query.get("pipeline") instanceof List<?> stages)) {
            return false;
        }
        for (Object stage : stages) {
            if (stage instanceof Document document) {
                for (String name : List.of("$lookup", "$graphLookup", "$unionWith", "$out", "$merge")) {
                    if (document.containsKey(name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void copyDocumentsOf(Document answer) {
        if (answer.get("value") instanceof Document value) {
            answer.put("value", copy(value));
        }
        if (answer.get("cursor") instanceof Document cursor) {
            for (String batch : List.of("firstBatch", "nextBatch")) {
                if (cursor.get(batch) instanceof List<?> documents) {
                    cursor.put(batch, copy(documents));
                }
            }
        }
    }

    private static Object copyValue(Object value) {
        if (value instanceof Document document) {
            return copy(document);
        }
        if (value instanceof List<?> list) {
            return copy(list);
        }
        return value; // strings, numbers, dates, ids, binaries: never changed in place
    }

    private static Document copy(Document document) {
        Document copy = new Document();
        for (Map.Entry<String, Object> field : document.entrySet()) {
            copy.put(field.getKey(), copyValue(field.getValue()));
        }
        return copy;
    }

    private static List<Object> copy(List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object element : list) {
            copy.add(copyValue(element));
        }
        return copy;
    }
}
