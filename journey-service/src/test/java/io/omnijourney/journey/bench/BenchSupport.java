package io.omnijourney.journey.bench;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omnijourney.journey.adapter.mongo.LocalServerWorkarounds;
import io.omnijourney.journey.adapter.mongo.MongoInstanceStore;
import io.omnijourney.journey.adapter.mongo.MongoJourneyStore;
import io.omnijourney.journey.adapter.mongo.MongoProfileCache;
import io.omnijourney.journey.app.DefinitionCache;
import io.omnijourney.journey.app.JourneyRuntime;
import io.omnijourney.journey.app.JourneyStatus;
import io.omnijourney.journey.app.JourneyVersion;
import io.omnijourney.journey.app.StoredJourney;
import io.omnijourney.journey.app.TriggerIndex;
import io.omnijourney.journey.config.JourneyServiceConfig;
import io.omnijourney.testsupport.MongoTestClient;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The journey engine wired by hand (no Quarkus) on the wire-protocol MongoDB server that test-support starts in its
 * own JVM: what the service runs per event and per timer, minus the Kafka consumer loop.
 */
public final class BenchSupport {

    final MongoDatabase database;
    final MongoJourneyStore journeys;
    final MongoInstanceStore instances;
    final MongoProfileCache profiles;
    final DefinitionCache definitions;
    final TriggerIndex index;
    final JourneyRuntime runtime;

    /** Held strongly: JUL keeps loggers weakly, and a collected logger would lose its level. */
    private static final java.util.logging.Logger[] QUIET = {java.util.logging.Logger.getLogger("org.mongodb"),
        java.util.logging.Logger.getLogger("io.omnijourney")};

    static {
        // Without configuration the driver logs every command at debug level, which costs more than the command.
        for (java.util.logging.Logger logger : QUIET) {
            logger.setLevel(java.util.logging.Level.WARNING);
        }
    }

    /** A clock the benchmark moves by hand. */
    static Clock settable(java.util.concurrent.atomic.AtomicReference<Instant> now) {
        return new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
    }

    /**
     * Publishes the timer benchmarks' journey (an hour's wait, then an email) as of {@code at}, saves the profile its
     * instances share, and returns the journey's trigger candidate.
     */
    TriggerIndex.Candidate publishTimerJourney(String journeyId, Instant at) {
        String definition = "{\"name\":\"timers\",\"trigger\":{\"events\":[\"Timer Bench\"]},\"entry\":{\"reentry\":"
                + "\"always\"},\"steps\":[{\"id\":\"w\",\"type\":\"wait\",\"duration\":\"PT1H\",\"next\":\"m\"},"
                + "{\"id\":\"m\",\"type\":\"send\",\"channel\":\"email\",\"templateId\":\"t\",\"category\":"
                + "\"transactional\"}]}";
        publish(journeyId, definition, at);
        index.refresh();
        profiles.save("p-shared", new io.omnijourney.contract.profile.ProfileSnapshot(
                Map.of("email", java.util.List.of("a@example.com")), Map.of(), Map.of(), Map.of(),
                java.util.List.of()), at);
        return index.candidates("Timer Bench").get(0);
    }

    /**
     * The local-server workarounds the benchmarks run with: on (as the local stack runs), or off with
     * {@code -Dbench.local-server-workarounds=false} (the real-MongoDB path, which the local server serves by scans).
     */
    static final LocalServerWorkarounds WORKAROUNDS = LocalServerWorkarounds.of(Boolean.parseBoolean(
            System.getProperty("bench.local-server-workarounds", "true")));

    BenchSupport(String databaseName, Clock clock) {
        this(databaseName, clock, () -> {
        });
    }

    /** {@code pollStarted} runs when the runtime starts reading for a poll (benchmarks time polls with it). */
    BenchSupport(String databaseName, Clock clock, Runnable pollStarted) {
        database = database(databaseName);
        database.drop();
        journeys = new MongoJourneyStore(database);
        instances = new MongoInstanceStore(database, WORKAROUNDS);
        profiles = new MongoProfileCache(database, WORKAROUNDS);
        // The indexes the service has once its migrations ran (the exact-key ones decide the local server's costs).
        new io.omnijourney.kit.mongo.MigrationRunner(database, java.time.Clock.systemUTC(),
                io.omnijourney.kit.mongo.MigrationRunner.Settings.DEFAULTS).run(
                        io.omnijourney.journey.adapter.mongo.JourneyMigrations.all(WORKAROUNDS, profiles,
                                new io.omnijourney.journey.adapter.mongo.MongoStatsStore(database,
                                        WORKAROUNDS)));
        definitions = new DefinitionCache(journeys);
        index = new TriggerIndex(journeys, definitions);
        runtime = new JourneyRuntime(index, definitions, instances, profiles,
                new io.omnijourney.journey.adapter.mongo.MongoStatsStore(database, WORKAROUNDS), clock,
                config(),
                new SimpleMeterRegistry()) {
            @Override
            public void prefetch(java.util.List<io.omnijourney.contract.profile.ProfileEvent> events,
                    io.omnijourney.journey.app.UnitOfWork unit) {
                pollStarted.run();
                super.prefetch(events, unit);
            }
        };
    }

    private static io.omnijourney.infra.MongoServerProcess ownServer;
    private static com.mongodb.client.MongoClient ownClient;

    /**
     * The shared test server (512 MB heap), or, with {@code -Dbench.mongo.heap=3g}, a server of this benchmark's own
     * with that heap: the memory backend keeps every document on its heap, and 100,000 instances need more.
     */
    static synchronized MongoDatabase database(String name) {
        String heap = System.getProperty("bench.mongo.heap");
        if (heap == null) {
            return MongoTestClient.database(name);
        }
        if (ownServer == null) {
            try {
                ownServer = io.omnijourney.infra.MongoServerProcess.builder().heap(heap)
                        .workDir(java.nio.file.Files.createTempDirectory("journey-bench-mongo")).build().start();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(ownServer::stop));
            ownClient = com.mongodb.client.MongoClients.create(ownServer.connectionString());
        }
        return ownClient.getDatabase(name);
    }

    /** Stores instances as a running service would have them (benchmark data loading). */
    void preload(java.util.List<io.omnijourney.journey.domain.JourneyInstance> batch) {
        java.util.Map<String, java.util.List<io.omnijourney.journey.app.ProfileCache.InstanceRef>> refs =
                new java.util.LinkedHashMap<>();
        batch.forEach(i -> refs.computeIfAbsent(i.profileId, k -> new java.util.ArrayList<>()).add(
                new io.omnijourney.journey.app.ProfileCache.InstanceRef(i.id, i.journeyId, i.enteredAt)));
        profiles.write(refs.entrySet().stream().map(e -> io.omnijourney.journey.app.ProfileCache.ProfileWrite.listing(
                e.getKey(), e.getValue(), java.util.List.of())).toList());
        instances.insertAll(batch);
    }

    /** Stores a journey as published version 1 without refreshing the index (the caller refreshes once). */
    void publish(String id, String definitionJson, Instant at) {
        DefinitionCache.parse(definitionJson);
        journeys.create(new StoredJourney(id, id, JourneyStatus.DRAFT, definitionJson, 0, at, at, 1));
        journeys.addVersion(new JourneyVersion(id, 1, definitionJson, at));
        journeys.update(new StoredJourney(id, id, JourneyStatus.ACTIVE, definitionJson, 1, at, at, 1));
    }

    /** The configuration with its {@code @WithDefault} values, except a UTC default time zone. */
    public static JourneyServiceConfig config() {
        return config(Map.of());
    }

    /**
     * The configuration as Quarkus would map it from no properties at all (every {@code @WithDefault}), with
     * {@code overrides} by dotted method path (for example {@code consumer.groupId}).
     */
    static JourneyServiceConfig config(Map<String, String> overrides) {
        return proxy(JourneyServiceConfig.class, "", overrides);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, String prefix, Map<String, String> overrides) {
        return (T) Proxy.newProxyInstance(BenchSupport.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    String path = prefix + method.getName();
                    if (method.getName().equals("defaultTimezone") && !overrides.containsKey(path)) {
                        return ZoneOffset.UTC;
                    }
                    Class<?> result = method.getReturnType();
                    if (result.isInterface()) {
                        return proxy(result, path + ".", overrides);
                    }
                    io.smallrye.config.WithDefault fallback = method.getAnnotation(io.smallrye.config.WithDefault.class);
                    String value = overrides.getOrDefault(path, fallback == null ? null : fallback.value());
                    if (value == null) {
                        throw new UnsupportedOperationException(path);
                    }
                    return convert(value, result);
                });
    }

    private static Object convert(String value, Class<?> type) {
        if (type == int.class) {
            return Integer.parseInt(value);
        } else if (type == short.class) {
            return Short.parseShort(value);
        } else if (type == boolean.class) {
            return Boolean.parseBoolean(value);
        } else if (type == java.time.Duration.class) {
            return value.startsWith("P") ? java.time.Duration.parse(value)
                    : value.endsWith("ms") ? java.time.Duration.ofMillis(Long.parseLong(value.replace("ms", "")))
                    : java.time.Duration.parse("PT" + value.toUpperCase());
        } else if (type == java.time.ZoneId.class) {
            return java.time.ZoneId.of(value);
        }
        return value;
    }

    static Map<String, String> args(String[] args) {
        Map<String, String> parsed = new java.util.HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                parsed.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        return parsed;
    }
}
