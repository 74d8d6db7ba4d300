package io.omnijourney.profile.app;

import io.omnijourney.profile.domain.MetricSeries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The bucketed counts of {@link MetricSeries}: incremented as touchpoints land, read by time range. */
public interface MetricBuckets {

    /** One bucket of a series for one dimension (a source, a channel, a survey) and its counters. */
    record Bucket(Instant at, String dimension, Map<String, Long> counts) {
    }

    /** Adds the increments (one bulk write; buckets are created when missing). */
    void add(List<MetricSeries.Increment> increments);

    /** The buckets of the series starting in [from, to), oldest first, of one dimension or of all. */
    List<Bucket> read(MetricSeries.Series series, Instant from, Instant to, Optional<String> dimension);
}
