package io.omnijourney.profile.segment;

import io.omnijourney.profile.app.SegmentStore;
import io.omnijourney.profile.domain.Segment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Saves segment definitions and keeps this instance's catalog in step with them; other instances pick changes up on
 * their next refresh. Every save is compiled first, so a stored condition always compiles.
 */
public final class SegmentService {

    /** Every profile change evaluates every segment: the bound keeps that cost known. */
    public static final int DEFAULT_MAX_SEGMENTS = 500;

    private final SegmentStore store;
    private final SegmentCatalog catalog;
    private final Clock clock;
    private final int maxSegments;

    public SegmentService(SegmentStore store, SegmentCatalog catalog, Clock clock) {
        this(store, catalog, clock, DEFAULT_MAX_SEGMENTS);
    }

    /** @param maxSegments how many segments this installation may hold */
    public SegmentService(SegmentStore store, SegmentCatalog catalog, Clock clock, int maxSegments) {
        if (maxSegments < 1) {
            throw new IllegalArgumentException("maxSegments must be at least 1, was " + maxSegments);
        }
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.maxSegments = maxSegments;
    }

    public List<Segment> list() {
        return store.all();
    }

    public Optional<Segment> find(String id) {
        return store.find(id);
    }

    /**
     * @throws InvalidConditionException if the condition does not compile
     * @throws SegmentException          if the id is taken or the limit is reached
     */
    public Segment create(String id, String name, String description, String condition) {
        SegmentCondition.compile(condition);
        if (store.all().size() >= maxSegments) {
            throw new SegmentException(SegmentException.Kind.LIMIT, "at most " + maxSegments
                    + " segments in this installation; delete one first");
        }
        Instant now = clock.instant();
        Segment segment = new Segment(id, name, description, condition, now, now, 1);
        if (!store.insert(segment)) {
            throw new SegmentException(SegmentException.Kind.CONFLICT, "segment '" + id + "' already exists");
        }
        changed();
        return segment;
    }

    /** @throws SegmentException if it does not exist or was changed concurrently */
    public Segment update(String id, String name, String description, String condition) {
        SegmentCondition.compile(condition);
        Segment current = store.find(id).orElseThrow(() ->
                new SegmentException(SegmentException.Kind.NOT_FOUND, "segment '" + id + "'"));
        Segment next = new Segment(id, name, description, condition, current.createdAt(), clock.instant(),
                current.revision() + 1);
        if (!store.replace(next)) {
            throw new SegmentException(SegmentException.Kind.CONFLICT, "segment '" + id + "' changed meanwhile");
        }
        changed();
        return next;
    }

    /** Members leave it on the next sweep, each with a {@code segment_exited} event. */
    public void delete(String id) {
        if (!store.delete(id)) {
            throw new SegmentException(SegmentException.Kind.NOT_FOUND, "segment '" + id + "'");
        }
        changed();
    }

    /**
     * Records on each definition that an evaluation of it was cut off by the run-time budget (status
     * {@code OVER_BUDGET} and the reason), unless it was updated since.
     *
     * @return the ids of the segments newly flagged
     */
    public List<String> recordOverBudget(List<SegmentCatalog.OverBudget> cutOffs) {
        List<String> flagged = cutOffs.stream()
                .filter(c -> store.flagOverBudget(c.segmentId(), c.revision(), c.reason(), c.at()))
                .map(SegmentCatalog.OverBudget::segmentId).toList();
        if (!flagged.isEmpty()) {
            refresh();
        }
        return flagged;
    }

    /** Reloads the catalog from storage; true if any condition changed. */
    public boolean refresh() {
        return catalog.replaceAll(store.all());
    }

    /** The catalog's generation moves on, which makes the sweeper re-evaluate every profile soon. */
    private void changed() {
        refresh();
    }
}
