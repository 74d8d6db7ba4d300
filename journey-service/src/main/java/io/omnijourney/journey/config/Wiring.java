package io.omnijourney.journey.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.journey.adapter.kafka.KafkaErasureAcknowledgements;
import io.omnijourney.journey.adapter.kafka.KafkaOutboxPublisher;
import io.omnijourney.journey.adapter.mongo.LocalServerWorkarounds;
import io.omnijourney.journey.adapter.mongo.MongoInstanceStore;
import io.omnijourney.journey.adapter.mongo.MongoConditionFlags;
import io.omnijourney.journey.adapter.mongo.MongoJourneyStore;
import io.omnijourney.journey.adapter.mongo.MongoProfileCache;
import io.omnijourney.journey.adapter.mongo.MongoFateMarks;
import io.omnijourney.journey.adapter.mongo.MongoStatsStore;
import io.omnijourney.journey.app.BackgroundJobs;
import io.omnijourney.journey.app.TimerScheduler;
import io.omnijourney.journey.app.DefinitionCache;
import io.omnijourney.journey.domain.Condition;
import io.omnijourney.journey.app.Enrollments;
import io.omnijourney.journey.app.ExampleJourneys;
import io.omnijourney.journey.app.InstanceStore;
import io.omnijourney.journey.app.JourneyCatalog;
import io.omnijourney.journey.app.JourneyRuntime;
import io.omnijourney.journey.app.JourneyStore;
import io.omnijourney.journey.app.OutboxFlusher;
import io.omnijourney.journey.app.OutboxRelay;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.app.ProfileJourneys;
import io.omnijourney.journey.app.ErasureAcknowledgements;
import io.omnijourney.journey.app.ProfileEventIntake;
import io.omnijourney.journey.app.Publisher;
import io.omnijourney.journey.app.Simulator;
import io.omnijourney.journey.app.SendFates;
import io.omnijourney.journey.app.StatsService;
import io.omnijourney.journey.app.StatsStore;
import io.omnijourney.journey.app.TriggerIndex;
import io.omnijourney.kit.messaging.RecordPublisher;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The service's object graph in one place: each port with the adapter that serves it (MongoDB stores, the Kafka
 * publisher), and the application services built on them. The REST resource, the {@code profile-events} consumer and
 * the start-up steps get these injected; tests replace the clock.
 */
public class Wiring {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    // Ports and their adapters.

    @Produces
    @Singleton
    MongoDatabase database(MongoClient client, JourneyServiceConfig config) {
        return client.getDatabase(config.database());
    }

    @Produces
    @Singleton
    LocalServerWorkarounds localServerWorkarounds(JourneyServiceConfig config) {
        return LocalServerWorkarounds.of(config.mongo().localServerWorkarounds());
    }

    @Produces
    @Singleton
    JourneyStore journeyStore(MongoDatabase database) {
        return new MongoJourneyStore(database);
    }

    @Produces
    @Singleton
    InstanceStore instanceStore(MongoDatabase database, LocalServerWorkarounds workarounds) {
        return new MongoInstanceStore(database, workarounds);
    }

    @Produces
    @Singleton
    ProfileCache profileCache(MongoDatabase database, LocalServerWorkarounds workarounds) {
        return new MongoProfileCache(database, workarounds);
    }

    @Produces
    @Singleton
    StatsStore statsStore(MongoDatabase database, LocalServerWorkarounds workarounds) {
        return new MongoStatsStore(database, workarounds);
    }

    @Produces
    @Singleton
    Publisher publisher(RecordPublisher publisher) {
        return new KafkaOutboxPublisher(publisher);
    }

    @Produces
    @Singleton
    ErasureAcknowledgements erasureAcknowledgements(RecordPublisher publisher) {
        return new KafkaErasureAcknowledgements(publisher);
    }

    // Application services.

    @Produces
    @Singleton
    DefinitionCache definitionCache(JourneyStore store, MongoDatabase database) {
        return new DefinitionCache(store, new MongoConditionFlags(database));
    }

    @Produces
    @Singleton
    TriggerIndex triggerIndex(JourneyStore store, DefinitionCache definitions) {
        return new TriggerIndex(store, definitions);
    }

    @Produces
    @Singleton
    JourneyCatalog journeyCatalog(JourneyStore store, TriggerIndex index, Clock clock, DefinitionCache definitions,
            MeterRegistry registry, JourneyServiceConfig config) {
        io.micrometer.core.instrument.FunctionCounter.builder("omnijourney.journey.condition.evaluations.over.budget",
                        Condition.class, c -> Condition.overBudgetTotal())
                .description("Condition evaluations cut off by the CEL run-time budget (counted as not holding)")
                .register(registry);
        return new JourneyCatalog(store, index, clock, definitions, config.limits().maxJourneys());
    }

    @Produces
    @Singleton
    JourneyRuntime journeyRuntime(TriggerIndex index, DefinitionCache definitions, InstanceStore instances,
            ProfileCache profiles, StatsStore counters, Clock clock, JourneyServiceConfig config,
            MeterRegistry registry) {
        return new JourneyRuntime(index, definitions, instances, profiles, counters, clock, config, registry);
    }

    @Produces
    @Singleton
    OutboxFlusher outboxFlusher(Publisher publisher, InstanceStore instances) {
        return new OutboxFlusher(publisher, instances);
    }

    @Produces
    @Singleton
    ProfileEventIntake profileEventIntake(JourneyRuntime runtime, OutboxFlusher flusher,
            ErasureAcknowledgements acknowledgements, SendFates fates, Clock clock, MeterRegistry registry) {
        return new ProfileEventIntake(runtime, flusher, acknowledgements, fates, clock, registry);
    }

    @Produces
    @Singleton
    SendFates sendFates(MongoDatabase database, StatsStore counters, JourneyStore store, DefinitionCache definitions,
            Clock clock) {
        return new SendFates(new MongoFateMarks(database, clock), counters, store, definitions);
    }

    @Produces
    @Singleton
    Enrollments enrollments(JourneyCatalog catalog, JourneyRuntime runtime, ProfileCache profiles,
            OutboxFlusher flusher) {
        return new Enrollments(catalog, runtime, profiles, flusher);
    }

    @Produces
    @Singleton
    ProfileJourneys profileJourneys(InstanceStore instances, ProfileCache profiles, JourneyCatalog catalog) {
        return new ProfileJourneys(instances, profiles, catalog);
    }

    @Produces
    @Singleton
    Simulator simulator(TriggerIndex index, JourneyRuntime runtime, ProfileCache profiles, Clock clock,
            JourneyServiceConfig config) {
        return new Simulator(index, runtime, profiles, clock, config);
    }

    @Produces
    @Singleton
    StatsService statsService(StatsStore counters, JourneyCatalog catalog, DefinitionCache definitions) {
        return new StatsService(counters, catalog, definitions);
    }

    @Produces
    @Singleton
    ExampleJourneys exampleJourneys(JourneyCatalog catalog, JourneyStore store) {
        return new ExampleJourneys(catalog, store);
    }

    @Produces
    @Singleton
    OutboxRelay outboxRelay(InstanceStore instances, OutboxFlusher flusher, Clock clock) {
        return new OutboxRelay(instances, flusher, clock);
    }

    @Produces
    @Singleton
    BackgroundJobs backgroundJobs(TriggerIndex index, OutboxRelay relay, JourneyServiceConfig config,
            InstanceStore instances, JourneyRuntime runtime, OutboxFlusher flusher, Clock clock,
            MeterRegistry registry, DefinitionCache definitions) {
        BackgroundJobs jobs = new BackgroundJobs(index, relay, config, instances, runtime, flusher, clock,
                definitions);
        Gauge.builder("omnijourney.journey.timers.overdue.seconds", jobs.scheduler(), TimerScheduler::overdueSeconds)
                .description("How late the oldest timer of the last claim round fired (a timer backlog grows it)")
                .register(registry);
        return jobs;
    }
}
