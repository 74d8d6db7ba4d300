package io.omnijourney.ingest.app;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.source.SourceKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Creates the sources the configuration names (local runs, demos), keeping any that exist already. */
@ApplicationScoped
public class SourceSeeder {

    private static final Logger LOG = Logger.getLogger(SourceSeeder.class);

    private final IngestConfig config;
    private final SourceService sources;

    public SourceSeeder(IngestConfig config, SourceService sources) {
        this.config = config;
        this.sources = sources;
    }

    /** A start-up step (see the service's Startup). */
    public void seed() {
        for (Map.Entry<String, IngestConfig.SeedSource> entry : config.seedSources().entrySet()) {
            IngestConfig.SeedSource seed = entry.getValue();
            SourceKind kind = SourceKind.fromWire(seed.kind());
            String writeKey = seed.writeKey().orElseThrow(() -> new IllegalStateException(
                    "seed source '" + entry.getKey() + "' needs a write-key"));
            boolean created = sources.seed(entry.getKey(), new NewSource(seed.name(), Channel.fromWire(seed.channel()),
                    kind, seed.verificationKey(), Optional.empty(), Optional.empty()), writeKey);
            if (created) {
                LOG.infof("seeded source %s (%s)", entry.getKey(), seed.channel());
            }
        }
    }
}
