package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.omnijourney.journey.app.InstanceStore;
import io.omnijourney.journey.app.JourneyStore;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.config.JourneyServiceConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;

/** Wires the MongoDB adapters. */
@ApplicationScoped
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

    /** Before the trigger index (10), the timers and the consumer (30) start. */
    void listExistingInstances(@Observes @Priority(5) StartupEvent event, MongoDatabase database,
            ProfileCache profiles) {
        ProfileInstanceListing.run(database, profiles);
    }

    /** Before the timers and the outbox relay start. */
    void hintExistingTimers(@Observes @Priority(6) StartupEvent event, MongoDatabase database) {
        TimerOutboxHints.run(database);
    }
}
