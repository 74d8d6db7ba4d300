package io.omnijourney.journey.app;

import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.journey.domain.DefinitionParser;
import io.omnijourney.journey.domain.JourneyDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/** Parsed published versions. Versions are immutable, so an entry never goes stale. */
public class DefinitionCache {

    private final JourneyStore store;
    private final ConcurrentHashMap<String, JourneyDefinition> parsed = new ConcurrentHashMap<>();

    public DefinitionCache(JourneyStore store) {
        this.store = store;
    }

    public JourneyDefinition get(String journeyId, int version) {
        return parsed.computeIfAbsent(journeyId + ":" + version, key -> store.version(journeyId, version)
                .map(v -> parse(v.definitionJson()))
                .orElseThrow(() -> new IllegalStateException("journey " + journeyId + " has no version " + version)));
    }

    /**
     * The latest evaluation of a condition of that version cut off by the run-time budget on this instance, if the
     * version is loaded here (a version never evaluated here has none).
     */
    public java.util.Optional<io.omnijourney.journey.domain.Condition.OverBudget> lastOverBudget(String journeyId,
            int version) {
        JourneyDefinition loaded = parsed.get(journeyId + ":" + version);
        return loaded == null ? java.util.Optional.empty() : loaded.lastOverBudget();
    }

    public static JourneyDefinition parse(String json) {
        try {
            return DefinitionParser.parse(TouchpointCodec.mapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
