package io.omnijourney.profile.app;

import io.omnijourney.profile.domain.Segment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Saved segment definitions. */
public interface SegmentStore {

    List<Segment> all();

    Optional<Segment> find(String id);

    /** False if a segment with that id exists. */
    boolean insert(Segment segment);

    /** Writes {@code segment} only if the stored revision is still {@code segment.revision() - 1}. */
    boolean replace(Segment segment);

    boolean delete(String id);

    /**
     * Marks the segment over budget, only while its revision is still {@code revision} (an update clears it).
     *
     * @return false if the segment is gone or another revision is stored
     */
    boolean flagOverBudget(String id, long revision, String error, Instant at);
}
