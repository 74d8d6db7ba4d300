package io.omnijourney.ingest.app;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.source.SourceKind;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Creates the sources the configuration names (local runs, demos), keeping any that exist already. */
public class SourceSeeder {

    private static final Logger LOG = Logger.getLogger(SourceSeeder.class);

    void onStart(@Observes StartupEvent event, IngestConfig config, SourceService sources) {
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
