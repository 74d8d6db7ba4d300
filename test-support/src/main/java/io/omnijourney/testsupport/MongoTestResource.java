package io.omnijourney.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a Quarkus test application at the shared Mongo server
 * ({@code quarkus.mongodb.connection-string}). The server is shared by the whole test JVM, so
 * {@link #stop()} leaves it running; use {@link MongoTestClient#dropDatabase(String)} to isolate tests.
 */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.mongodb.connection-string", SharedInfra.mongoConnectionString());
    }

    @Override
    public void stop() {
        // Shared across test classes; SharedInfra stops it when the JVM exits.
    }
}
