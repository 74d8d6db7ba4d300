package io.omnijourney.profile.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.profile.app.SegmentStore;
import io.omnijourney.profile.domain.Segment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SegmentServiceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void anInstallationHoldsAtMostTheConfiguredNumberOfSegments() {
        InMemorySegments store = new InMemorySegments();
        SegmentService service = new SegmentService(store, new SegmentCatalog(), CLOCK, 2);
        service.create("one", "One", null, "true");
        service.create("two", "Two", null, "false");

        assertThatThrownBy(() -> service.create("three", "Three", null, "true"))
                .isInstanceOfSatisfying(SegmentException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SegmentException.Kind.LIMIT);
                    assertThat(e.getMessage()).contains("at most 2 segments");
                });
        assertThat(store.all()).extracting(Segment::id).containsExactly("one", "two");

        service.delete("one");
        assertThat(service.create("three", "Three", null, "true").id()).isEqualTo("three");
    }

    @Test
    void aCutOffIsRecordedOnTheRevisionThatRanAndAnUpdateClearsIt() {
        InMemorySegments store = new InMemorySegments();
        SegmentCatalog catalog = new SegmentCatalog();
        SegmentService service = new SegmentService(store, catalog, CLOCK, 10);
        service.create("costly", "Costly", null, "true");
        Instant at = CLOCK.instant();

        assertThat(service.recordOverBudget(List.of(new SegmentCatalog.OverBudget("costly", 1, "too slow", at),
                new SegmentCatalog.OverBudget("gone", 1, "too slow", at)))).containsExactly("costly");
        assertThat(service.find("costly")).get().satisfies(s -> {
            assertThat(s.status()).isEqualTo(Segment.Status.OVER_BUDGET);
            assertThat(s.lastError()).isEqualTo("too slow");
            assertThat(s.lastErrorAt()).isEqualTo(at);
        });
        assertThat(catalog.definitions()).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo(Segment.Status.OVER_BUDGET));

        service.update("costly", "Costly", null, "false");
        assertThat(service.find("costly").get().status()).isEqualTo(Segment.Status.ACTIVE);
        assertThat(service.recordOverBudget(List.of(new SegmentCatalog.OverBudget("costly", 1, "stale", at))))
                .as("a cut-off of an earlier revision").isEmpty();
        assertThat(service.find("costly").get().lastError()).isNull();
    }

    @Test
    void theLimitMustAllowAtLeastOneSegment() {
        assertThatThrownBy(() -> new SegmentService(new InMemorySegments(), new SegmentCatalog(), CLOCK, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static final class InMemorySegments implements SegmentStore {
        private final Map<String, Segment> segments = new LinkedHashMap<>();

        @Override
        public List<Segment> all() {
            return new ArrayList<>(segments.values());
        }

        @Override
        public Optional<Segment> find(String id) {
            return Optional.ofNullable(segments.get(id));
        }

        @Override
        public boolean insert(Segment segment) {
            return segments.putIfAbsent(segment.id(), segment) == null;
        }

        @Override
        public boolean replace(Segment segment) {
            Segment current = segments.get(segment.id());
            if (current == null || current.revision() != segment.revision() - 1) {
                return false;
            }
            segments.put(segment.id(), segment);
            return true;
        }

        @Override
        public boolean delete(String id) {
            return segments.remove(id) != null;
        }

        @Override
        public boolean flagOverBudget(String id, long revision, String error, Instant at) {
            Segment s = segments.get(id);
            if (s == null || s.revision() != revision) {
                return false;
            }
            segments.put(id, new Segment(s.id(), s.name(), s.description(), s.condition(), s.createdAt(),
                    s.updatedAt(), s.revision(), Segment.Status.OVER_BUDGET, error, at));
            return true;
        }
    }
}
