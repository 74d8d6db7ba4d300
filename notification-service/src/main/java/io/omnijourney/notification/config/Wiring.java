package io.omnijourney.notification.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.omnijourney.notification.adapter.mongo.MongoLedger;
import io.omnijourney.notification.adapter.mongo.MongoProfileStates;
import io.omnijourney.notification.adapter.mongo.MongoSmallStores;
import io.omnijourney.notification.adapter.mongo.MongoTemplateStore;
import io.omnijourney.notification.app.CachingTemplateStore;
import io.omnijourney.notification.app.ChannelSender;
import io.omnijourney.notification.app.DailyCaps;
import io.omnijourney.notification.app.DeliveryService;
import io.omnijourney.notification.app.InboxStore;
import io.omnijourney.notification.app.Ledger;
import io.omnijourney.notification.app.LinkStore;
import io.omnijourney.notification.app.ProfileStates;
import io.omnijourney.notification.app.TemplateRenderer;
import io.omnijourney.notification.app.TemplateStore;
import io.omnijourney.notification.domain.RetryPolicy;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** Wires the MongoDB adapters and the delivery service that runs on them. */
public class Wiring {

    @Produces
    @ApplicationScoped
    MongoDatabase database(MongoClient client, NotificationConfig config) {
        return client.getDatabase(config.database());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    TemplateStore templateStore(MongoDatabase database, NotificationConfig config) {
        return new CachingTemplateStore(new MongoTemplateStore(database), config.delivery().templateCacheTtl());
    }

    @Produces
    @ApplicationScoped
    Ledger ledger(MongoDatabase database) {
        return new MongoLedger(database);
    }

    @Produces
    @ApplicationScoped
    ProfileStates profileStates(MongoDatabase database) {
        return new MongoProfileStates(database);
    }

    @Produces
    @ApplicationScoped
    DailyCaps dailyCaps(MongoDatabase database) {
        return new MongoSmallStores.Caps(database);
    }

    @Produces
    @ApplicationScoped
    InboxStore inboxStore(MongoDatabase database) {
        return new MongoSmallStores.Inbox(database);
    }

    @Produces
    @ApplicationScoped
    LinkStore linkStore(MongoDatabase database) {
        return new MongoSmallStores.Links(database);
    }

    @Produces
    @ApplicationScoped
    io.omnijourney.notification.app.ErasureService erasureService(ProfileStates profiles, Ledger ledger,
            InboxStore inbox, LinkStore links, DailyCaps caps) {
        return new io.omnijourney.notification.app.ErasureService(profiles, ledger, inbox, links, caps);
    }

    @Produces
    @Singleton
    TemplateRenderer renderer() {
        return new TemplateRenderer();
    }

    @Produces
    @ApplicationScoped
    DeliveryService deliveryService(TemplateStore templates, TemplateRenderer renderer, Ledger ledger,
            ProfileStates profiles, DailyCaps caps, LinkStore links, @All List<ChannelSender> senders,
            NotificationConfig config, Clock clock) {
        NotificationConfig.Delivery d = config.delivery();
        return new DeliveryService(templates, renderer, ledger, profiles, caps, links, senders,
                new RetryPolicy(d.maxAttempts(), d.initialBackoff(), d.maxBackoff(), d.maxRetryAfter()),
                new DeliveryService.Settings(d.dailyCap(), d.lease(), config.tracking().publicBaseUrl(),
                        config.tracking().secret(), config.email().trackClicks(), config.email().unsubscribeMailto()),
                clock, duration -> Thread.sleep(duration.toMillis()));
    }
}
