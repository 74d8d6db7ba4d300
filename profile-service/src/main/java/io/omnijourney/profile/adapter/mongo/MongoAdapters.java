package io.omnijourney.profile.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.omnijourney.profile.app.IdentityIndex;
import io.omnijourney.profile.app.ProfileResolver;
import io.omnijourney.profile.app.ProfileStore;
import io.omnijourney.profile.app.TimelineStore;
import io.omnijourney.profile.config.ProfileServiceConfig;
import io.omnijourney.profile.domain.ProfileConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Wires the MongoDB adapters and the resolver that runs on them. */
public class MongoAdapters {

    @Produces
    @ApplicationScoped
    MongoDatabase database(MongoClient client, ProfileServiceConfig config) {
        return client.getDatabase(config.database());
    }

    @Produces
    @ApplicationScoped
    ProfileStore profileStore(MongoDatabase database) {
        return new MongoProfileStore(database);
    }

    @Produces
    @ApplicationScoped
    IdentityIndex identityIndex(MongoDatabase database) {
        return new MongoIdentityIndex(database);
    }

    @Produces
    @ApplicationScoped
    TimelineStore timelineStore(MongoDatabase database) {
        return new MongoTimelineStore(database);
    }

    @Produces
    @ApplicationScoped
    ProfileResolver resolver(ProfileStore store, IdentityIndex index) {
        return new ProfileResolver(store, index, ProfileConfig.defaults());
    }
}
