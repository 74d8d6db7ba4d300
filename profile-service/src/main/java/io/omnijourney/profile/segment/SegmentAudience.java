package io.omnijourney.profile.segment;

import io.omnijourney.profile.app.ProfileStore;
import io.omnijourney.profile.app.StoredProfile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many profiles a segment holds: counted for a saved segment (its members as last evaluated), estimated for a
 * condition not saved yet by evaluating it, as the catalog does, over a bounded sample of profiles.
 */
public final class SegmentAudience {

    private final ProfileStore profiles;
    private final Clock clock;
    private final int sampleSize;
    private final Duration timeBudget;
    private final LongSupplier nanoTime;

    public SegmentAudience(ProfileStore profiles, Clock clock, int sampleSize, Duration timeBudget) {
        this(profiles, clock, sampleSize, timeBudget, System::nanoTime);
    }

    SegmentAudience(ProfileStore profiles, Clock clock, int sampleSize, Duration timeBudget, LongSupplier nanoTime) {
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be at least 1, was " + sampleSize);
        }
        this.profiles = profiles;
        this.clock = clock;
        this.sampleSize = sampleSize;
        this.timeBudget = timeBudget;
        this.nanoTime = nanoTime;
    }

    /** Members of each segment now, counted in one pass; 0 for a segment without members. */
    public Map<String, Long> memberCounts(Collection<String> segmentIds) {
        return profiles.memberCounts(segmentIds);
    }

    public long memberCount(String segmentId) {
        return profiles.memberCounts(List.of(segmentId)).getOrDefault(segmentId, 0L);
    }

    /**
     * Evaluates the condition over at most {@code sampleSize} live profiles (the first by id, read in one query; ids
     * are random, so that is an unbiased sample) within the time budget, each evaluation within the segments' own
     * run-time budget; an evaluation that fails or is cut off is not a match. At least one profile is evaluated when
     * there is any.
     *
     * @throws InvalidConditionException if the condition does not compile
     */
    public Estimate estimate(String condition) {
        SegmentCondition compiled = SegmentCondition.compile(condition);
        long started = nanoTime.getAsLong();
        long deadline = started + timeBudget.toNanos();
        Instant now = clock.instant();
        long total = profiles.liveCount();
        List<StoredProfile> sample = profiles.page(null, sampleSize);
        int sampled = 0;
        int matched = 0;
        for (StoredProfile profile : sample) {
            if (sampled > 0 && nanoTime.getAsLong() - deadline > 0) {
                break;
            }
            if (compiled.evaluate(SegmentCondition.activation(profile.profile(), now))
                    == SegmentCondition.Result.MATCH) {
                matched++;
            }
            sampled++;
        }
        return Estimate.of(sampled, matched, Math.max(total, sampled));
    }

    /**
     * @param estimatedMembers {@code round(matched / sampled * totalProfiles)}, 0 when nothing was sampled
     * @param exact            every profile was evaluated: {@code estimatedMembers} is the count
     */
    public record Estimate(int sampled, int matched, long totalProfiles, long estimatedMembers, boolean exact) {

        static Estimate of(int sampled, int matched, long totalProfiles) {
            long estimated = sampled == 0 ? 0 : Math.round((double) matched / sampled * totalProfiles);
            return new Estimate(sampled, matched, totalProfiles, estimated, sampled == totalProfiles);
        }
    }
}
