package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.omnijourney.journey.app.InstanceStore;
import io.omnijourney.journey.app.JourneyStore;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.config.JourneyServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Wires the MongoDB adapters. */
public class MongoAdapters {

    @Produces
    @ApplicationScoped
    MongoDatabase database(MongoClient client, JourneyServiceConfig config) {
        return client.getDatabase(config.database());
    }

    @Produces
    @ApplicationScoped
    JourneyStore journeyStore(MongoDatabase database) {
        return new MongoJourneyStore(database);
    }

    @Produces
    @ApplicationScoped
    InstanceStore instanceStore(MongoDatabase database) {
        return new MongoInstanceStore(database);
    }

    @Produces
    @ApplicationScoped
    ProfileCache profileCache(MongoDatabase database) {
        return new MongoProfileCache(database);
    }
}
