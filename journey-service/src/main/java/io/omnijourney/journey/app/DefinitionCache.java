package io.omnijourney.journey.app;

import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.journey.domain.Condition;
import io.omnijourney.journey.domain.DefinitionParser;
import io.omnijourney.journey.domain.JourneyDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Parsed published versions. Versions are immutable, so an entry never goes stale. */
public class DefinitionCache {

    private final JourneyStore store;
    private final ConditionFlags flags;
    private final ConcurrentHashMap<String, JourneyDefinition> parsed = new ConcurrentHashMap<>();
    /** The flag of each version last written to {@link ConditionFlags} by this instance. */
    private final ConcurrentHashMap<String, Condition.OverBudget> written = new ConcurrentHashMap<>();

    public DefinitionCache(JourneyStore store) {
        this(store, null);
    }

    /** @param flags where over-budget flags are shared between instances; null keeps them in memory only */
    public DefinitionCache(JourneyStore store, ConditionFlags flags) {
        this.store = store;
        this.flags = flags;
    }

    public JourneyDefinition get(String journeyId, int version) {
        return parsed.computeIfAbsent(key(journeyId, version), key -> store.version(journeyId, version)
                .map(v -> parse(v.definitionJson()))
                .orElseThrow(() -> new IllegalStateException("journey " + journeyId + " has no version " + version)));
    }

    /**
     * The latest evaluation of a condition of that version cut off by the run-time budget, on any instance: the later
     * of this instance's memory and the shared flags.
     */
    public Optional<Condition.OverBudget> lastOverBudget(String journeyId, int version) {
        JourneyDefinition loaded = parsed.get(key(journeyId, version));
        Optional<Condition.OverBudget> here = loaded == null ? Optional.empty() : loaded.lastOverBudget();
        Optional<Condition.OverBudget> shared = flags == null ? Optional.empty() : flags.find(journeyId, version);
        return Stream.of(here, shared).flatMap(Optional::stream).max(Comparator.comparing(Condition.OverBudget::at));
    }

    /** Writes the over-budget flags this instance saw since the last call to the shared flags (periodic job). */
    public void shareFlags() {
        if (flags == null) {
            return;
        }
        parsed.forEach((key, definition) -> definition.lastOverBudget().ifPresent(flag -> {
            if (!flag.equals(written.get(key))) {
                int colon = key.lastIndexOf(':');
                flags.record(key.substring(0, colon), Integer.parseInt(key.substring(colon + 1)), flag);
                written.put(key, flag);
            }
        }));
    }

    private static String key(String journeyId, int version) {
        return journeyId + ":" + version;
    }

    public static JourneyDefinition parse(String json) {
        try {
            return DefinitionParser.parse(TouchpointCodec.mapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
