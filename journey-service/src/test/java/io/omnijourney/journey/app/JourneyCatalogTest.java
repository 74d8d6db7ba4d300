package io.omnijourney.journey.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.journey.domain.Definitions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The installation's journey limit: creating past it is refused until a journey is archived. */
class JourneyCatalogTest {

    /** Journeys in memory: the limit is a rule of the catalog, not of the store. */
    private static final class MemoryStore implements JourneyStore {
        final Map<String, StoredJourney> journeys = new LinkedHashMap<>();

        @Override
        public void create(StoredJourney journey) {
            journeys.put(journey.id(), journey);
        }

        @Override
        public Optional<StoredJourney> find(String id) {
            return Optional.ofNullable(journeys.get(id));
        }

        @Override
        public long countNotArchived() {
            return journeys.values().stream().filter(j -> j.status() != JourneyStatus.ARCHIVED).count();
        }

        @Override
        public List<StoredJourney> list() {
            return new ArrayList<>(journeys.values());
        }

        @Override
        public boolean update(StoredJourney journey) {
            journeys.put(journey.id(), journey);
            return true;
        }

        @Override
        public boolean addVersion(JourneyVersion version) {
            return true;
        }

        @Override
        public Optional<JourneyVersion> version(String journeyId, int version) {
            return Optional.empty();
        }
    }

    private static final JsonNode DEFINITION = Definitions.json("{'name':'t','trigger':{'events':['Product Viewed']},"
            + "'steps':[{'id':'a','type':'exit'}]}");

    @Test
    void creatingPastTheLimitIsRefusedUntilAJourneyIsArchived() {
        MemoryStore store = new MemoryStore();
        JourneyCatalog catalog = new JourneyCatalog(store, new TriggerIndex(store, new DefinitionCache(store)),
                Clock.systemUTC(), 2);
        StoredJourney first = catalog.create(DEFINITION);
        catalog.create(DEFINITION);
        assertThatThrownBy(() -> catalog.create(DEFINITION)).isInstanceOfSatisfying(JourneyException.class, e -> {
            assertThat(e.kind()).isEqualTo(JourneyException.Kind.LIMIT);
            assertThat(e.getMessage()).contains("2 journeys");
        });
        assertThat(store.journeys).hasSize(2);

        catalog.archive(first.id());
        assertThat(catalog.create(DEFINITION).status()).isEqualTo(JourneyStatus.DRAFT);
        assertThat(store.journeys).hasSize(3);
    }
}
