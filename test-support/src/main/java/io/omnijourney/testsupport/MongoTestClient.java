package io.omnijourney.testsupport;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

/** One driver client per class loader for the {@link SharedInfra shared} Mongo server. */
public final class MongoTestClient {

    private static MongoClient client;

    private MongoTestClient() {
    }

    /**
     * The shared client; do not close it. It is left open at exit on purpose: a shutdown hook
     * would pin every Quarkus test class loader that ever used it.
     */
    public static synchronized MongoClient client() {
        if (client == null) {
            client = MongoClients.create(SharedInfra.mongoConnectionString());
        }
        return client;
    }

    public static MongoDatabase database(String name) {
        return client().getDatabase(name);
    }

    public static void dropDatabase(String name) {
        client().getDatabase(name).drop();
    }
}
