package io.omnijourney.profile.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.kit.messaging.RecordPublisher;
import io.omnijourney.profile.adapter.kafka.KafkaProfileEventPublisher;
import io.omnijourney.profile.adapter.mongo.LocalServerWorkarounds;
import io.omnijourney.profile.adapter.mongo.MongoIdentityIndex;
import io.omnijourney.profile.adapter.mongo.MongoProfileStore;
import io.omnijourney.profile.adapter.mongo.MongoSegmentStore;
import io.omnijourney.profile.adapter.mongo.MongoErasureAckLog;
import io.omnijourney.profile.adapter.mongo.MongoErasureRequests;
import io.omnijourney.profile.adapter.mongo.MongoSuppressionList;
import io.omnijourney.profile.adapter.mongo.SuppressionHashes;
import io.omnijourney.profile.adapter.mongo.MongoMetricBuckets;
import io.omnijourney.profile.adapter.mongo.MongoTimelineStore;
import io.omnijourney.profile.app.BatchApplier;
import io.omnijourney.profile.app.ErasureAckLog;
import io.omnijourney.profile.app.ErasureRequests;
import io.omnijourney.profile.app.ErasureService;
import io.omnijourney.profile.app.Erasures;
import io.omnijourney.profile.app.IdentityIndex;
import io.omnijourney.profile.app.ProfileAdministration;
import io.omnijourney.profile.app.ProfileEventPublisher;
import io.omnijourney.profile.app.ProfileQueries;
import io.omnijourney.profile.app.ProfileResolver;
import io.omnijourney.profile.app.ProfileStore;
import io.omnijourney.profile.app.SegmentStore;
import io.omnijourney.profile.app.Segmentation;
import io.omnijourney.profile.app.SuppressionList;
import io.omnijourney.profile.app.MetricBuckets;
import io.omnijourney.profile.app.TimelineStore;
import io.omnijourney.profile.app.TouchpointIntake;
import io.omnijourney.profile.domain.IdentityConfig;
import io.omnijourney.profile.domain.ProfileConfig;
import io.omnijourney.profile.segment.SegmentAudience;
import io.omnijourney.profile.segment.SegmentCatalog;
import io.omnijourney.profile.segment.SegmentService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;

/**
 * The service's object graph in one place: each port with the adapter that serves it (MongoDB stores, the Kafka
 * publisher), and the application services built on them. Resources and the Kafka consumer get these injected.
 */
public class Wiring {

    @Produces
    @ApplicationScoped
    MongoDatabase database(MongoClient client, ProfileServiceConfig config) {
        return client.getDatabase(config.database());
    }

    @Produces
    @Singleton
    LocalServerWorkarounds localServerWorkarounds(ProfileServiceConfig config) {
        return new LocalServerWorkarounds(config.mongo().localServerWorkarounds());
    }

    @Produces
    @ApplicationScoped
    ProfileStore profileStore(MongoDatabase database, LocalServerWorkarounds local) {
        return new MongoProfileStore(database, local);
    }

    @Produces
    @ApplicationScoped
    IdentityIndex identityIndex(MongoDatabase database, LocalServerWorkarounds local) {
        return new MongoIdentityIndex(database, local);
    }

    @Produces
    @ApplicationScoped
    MetricBuckets metricBuckets(MongoDatabase database) {
        return new MongoMetricBuckets(database);
    }

    @Produces
    @ApplicationScoped
    TimelineStore timelineStore(MongoDatabase database, LocalServerWorkarounds local, ProfileServiceConfig config) {
        // A timeline may pass its bound by up to trim-every entries before it is trimmed.
        return new MongoTimelineStore(database, local,
                config.timeline().maxEventsPerProfile() + config.timeline().trimEvery());
    }

    @Produces
    @ApplicationScoped
    SuppressionList suppressionList(MongoDatabase database, LocalServerWorkarounds local,
            ProfileServiceConfig config) {
        return new MongoSuppressionList(database, local, new SuppressionHashes(config.suppression().secret(),
                config.suppression().matchLegacyHashes()));
    }

    @Produces
    @ApplicationScoped
    ErasureRequests erasureRequests(MongoDatabase database) {
        return new MongoErasureRequests(database);
    }

    @Produces
    @ApplicationScoped
    ErasureAckLog erasureAckLog(MongoDatabase database) {
        return new MongoErasureAckLog(database);
    }

    @Produces
    @ApplicationScoped
    Erasures erasures(ErasureRequests requests, ErasureAckLog acks, ErasureService purges, ProfileQueries queries,
            ProfileEventPublisher publisher, Clock clock, ProfileServiceConfig config) {
        return new Erasures(requests, acks, purges, queries, publisher, clock, new Erasures.Settings(
                config.erasure().acknowledgingServices(), config.erasure().retryBackoff(),
                config.erasure().retryBackoffMax()));
    }

    @Produces
    @ApplicationScoped
    ErasureService erasureService(ProfileStore store, IdentityIndex index, TimelineStore timeline,
            SuppressionList suppressions) {
        return new ErasureService(store, index, timeline, suppressions);
    }

    @Produces
    @Singleton
    ProfileConfig profileConfig(ProfileServiceConfig config) {
        IdentityConfig identity = IdentityConfig.defaults();
        java.util.Set<String> blocked = new java.util.HashSet<>(IdentityConfig.DEFAULT_BLOCKED_VALUES);
        config.identity().blockedValues().ifPresent(blocked::addAll);
        identity = identity.withBlockedValues(blocked)
                .withCustomIdentifierTraits(config.identity().customIdentifierTraits().orElse(java.util.List.of()))
                .withPhoneDefaultRegion(config.identity().phoneDefaultRegion().orElse(null));
        for (java.util.Map.Entry<String, Integer> limit : config.identity().limits().entrySet()) {
            identity = identity.withLimit(limit.getKey(), limit.getValue());
        }
        return ProfileConfig.defaults().withIdentity(identity);
    }

    @Produces
    @ApplicationScoped
    BatchApplier batchApplier(ProfileStore store, IdentityIndex index, ProfileConfig config,
            Segmentation segmentation, ProfileResolver resolver) {
        return new BatchApplier(store, index, config, segmentation, resolver);
    }

    @Produces
    @ApplicationScoped
    SegmentStore segmentStore(MongoDatabase database) {
        return new MongoSegmentStore(database);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SegmentCatalog segmentCatalog() {
        return new SegmentCatalog();
    }

    @Produces
    @Singleton
    Segmentation segmentation(SegmentCatalog catalog, Clock clock) {
        return new Segmentation(catalog, clock);
    }

    @Produces
    @ApplicationScoped
    SegmentService segmentService(SegmentStore store, SegmentCatalog catalog, Clock clock,
            ProfileServiceConfig config) {
        return new SegmentService(store, catalog, clock, config.segments().maxCount());
    }

    @Produces
    @ApplicationScoped
    SegmentAudience segmentAudience(ProfileStore store, Clock clock, ProfileServiceConfig config) {
        return new SegmentAudience(store, clock, config.segments().estimateSampleSize(),
                config.segments().estimateTimeBudget(), config.segments().countMaxAge(),
                Executors.newSingleThreadExecutor(r -> {
                    Thread thread = new Thread(r, "segment-recount");
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    @Produces
    @ApplicationScoped
    ProfileEventPublisher profileEventPublisher(RecordPublisher publisher) {
        return new KafkaProfileEventPublisher(publisher);
    }

    @Produces
    @ApplicationScoped
    TouchpointIntake touchpointIntake(BatchApplier batches, TimelineStore timeline, MetricBuckets buckets,
            SuppressionList suppressions, ProfileConfig profileConfig, ProfileServiceConfig config,
            MeterRegistry registry) {
        return new TouchpointIntake(batches, timeline, buckets, suppressions, profileConfig,
                new TouchpointIntake.TimelineBounds(config.timeline().maxEventsPerProfile(),
                        config.timeline().trimEvery()), registry);
    }

    @Produces
    @ApplicationScoped
    ProfileQueries profileQueries(ProfileStore store, IdentityIndex index, TimelineStore timeline) {
        return new ProfileQueries(store, index, timeline);
    }

    @Produces
    @ApplicationScoped
    ProfileAdministration profileAdministration(ProfileResolver resolver, TimelineStore timeline,
            ProfileEventPublisher publisher, Clock clock) {
        return new ProfileAdministration(resolver, timeline, publisher, clock);
    }

    @Produces
    @ApplicationScoped
    ProfileResolver resolver(ProfileStore store, IdentityIndex index, ProfileConfig config,
            Segmentation segmentation) {
        return new ProfileResolver(store, index, config, segmentation);
    }
}
