package io.omnijourney.profile.segment;

import io.omnijourney.profile.app.ProfileStore;
import io.omnijourney.profile.app.StoredProfile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * How many profiles a segment holds: counted for a saved segment (its members as last evaluated), estimated for a
 * condition not saved yet by evaluating it, as the catalog does, over a bounded sample of profiles.
 *
 * <p>Counting reads every member (every profile on the local server), so a count is kept and answered again for up
 * to {@code maxAge}; an older one is still answered at once while every kept count is taken again in the background
 * (one pass for all segments, one at a time). Only a segment never counted is counted while its caller waits. Each
 * count says when it was taken.
 */
public final class SegmentAudience {

    private static final Logger LOG = Logger.getLogger(SegmentAudience.class);

    /** A segment's member count and when it was taken. */
    public record Count(long members, Instant countedAt) {
    }

    private final ProfileStore profiles;
    private final Clock clock;
    private final int sampleSize;
    private final Duration timeBudget;
    private final LongSupplier nanoTime;
    private final Duration maxAge;
    private final Executor recount;
    private final Map<String, Count> counts = new HashMap<>();
    private final AtomicBoolean recounting = new AtomicBoolean();

    public SegmentAudience(ProfileStore profiles, Clock clock, int sampleSize, Duration timeBudget, Duration maxAge,
            Executor recount) {
        this(profiles, clock, sampleSize, timeBudget, System::nanoTime, maxAge, recount);
    }

    SegmentAudience(ProfileStore profiles, Clock clock, int sampleSize, Duration timeBudget, LongSupplier nanoTime,
            Duration maxAge, Executor recount) {
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be at least 1, was " + sampleSize);
        }
        this.profiles = profiles;
        this.clock = clock;
        this.sampleSize = sampleSize;
        this.timeBudget = timeBudget;
        this.nanoTime = nanoTime;
        this.maxAge = maxAge;
        this.recount = recount;
    }

    /**
     * The members of each segment as last counted: those never counted are counted now (in one pass), and when any
     * answered count is older than {@code maxAge} every kept count is taken again in the background.
     */
    public Map<String, Count> memberCounts(Collection<String> segmentIds) {
        Map<String, Count> answer = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        boolean stale = false;
        Instant now = clock.instant();
        synchronized (counts) {
            for (String id : segmentIds) {
                Count count = counts.get(id);
                if (count == null) {
                    missing.add(id);
                } else {
                    answer.put(id, count);
                    stale |= count.countedAt().plus(maxAge).isBefore(now);
                }
            }
        }
        if (!missing.isEmpty()) {
            answer.putAll(count(missing));
        }
        if (stale && recounting.compareAndSet(false, true)) {
            try {
                recount.execute(this::recountAll);
            } catch (RuntimeException e) {
                recounting.set(false);
                LOG.warnf("segment member counts: no recount started (%s)", e.toString());
            }
        }
        return answer;
    }

    public Count memberCount(String segmentId) {
        return memberCounts(List.of(segmentId)).get(segmentId);
    }

    /** Forgets a segment's count (deleted, or its condition changed: counted again when next asked). */
    public void forget(String segmentId) {
        synchronized (counts) {
            counts.remove(segmentId);
        }
    }

    private Map<String, Count> count(Collection<String> segmentIds) {
        Instant at = clock.instant();
        Map<String, Long> members = profiles.memberCounts(segmentIds);
        Map<String, Count> taken = new HashMap<>();
        for (String id : segmentIds) {
            taken.put(id, new Count(members.getOrDefault(id, 0L), at));
        }
        synchronized (counts) {
            counts.putAll(taken);
        }
        return taken;
    }

    private void recountAll() {
        try {
            List<String> kept;
            synchronized (counts) {
                kept = List.copyOf(counts.keySet());
            }
            count(kept);
        } catch (RuntimeException e) {
            LOG.warnf("segment member counts: recount failed, the last counts stay (%s)", e.toString());
        } finally {
            recounting.set(false);
        }
    }

    /**
     * Evaluates the condition over at most {@code sampleSize} live profiles (the first by id, read in one query; ids
     * are random, so that is an unbiased sample) within the time budget, each evaluation within the segments' own
     * run-time budget; an evaluation that fails or is cut off is not a match. At least one profile is evaluated when
     * there is any.
     */
    public Estimate estimate(SegmentCondition compiled) {
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
