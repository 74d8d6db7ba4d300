package io.omnijourney.journey.app;

import io.omnijourney.contract.touchpoint.TouchpointCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The example journeys shipped in {@code src/main/resources/examples/}. With
 * {@code omnijourney.journey.examples.load=true} the start-up steps create each as {@code example-<name>} and publish
 * it, unless a journey with that id exists (so a marketer's edits or an archive survive restarts).
 */
public class ExampleJourneys {

    private static final Logger LOG = Logger.getLogger(ExampleJourneys.class);
    public static final List<String> NAMES = List.of("wishlist-offers", "abandoned-checkout", "order-shipped-sms",
            "nps-survey", "win-back");
    public static final String ID_PREFIX = "example-";

    private final JourneyCatalog catalog;
    private final JourneyStore store;

    public ExampleJourneys(JourneyCatalog catalog, JourneyStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /** Creates and publishes the examples that do not exist yet; returns how many. */
    public int loadMissing() {
        int loaded = 0;
        for (String name : NAMES) {
            String id = ID_PREFIX + name;
            if (store.find(id).isPresent()) {
                continue;
            }
            try {
                catalog.create(id, read(name));
                catalog.publish(id);
                loaded++;
            } catch (RuntimeException e) {
                if (store.find(id).isEmpty()) {
                    throw e;
                }
                // Another instance starting at the same time created it first.
            }
        }
        LOG.infof("example journeys: %d created and published", loaded);
        return loaded;
    }

    public static com.fasterxml.jackson.databind.JsonNode read(String name) {
        try (InputStream in = ExampleJourneys.class.getResourceAsStream("/examples/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("example " + name + " is not on the class path");
            }
            return TouchpointCodec.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
