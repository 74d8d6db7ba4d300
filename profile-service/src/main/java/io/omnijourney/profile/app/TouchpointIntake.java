package io.omnijourney.profile.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.profile.domain.ChannelStats;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.Identifiers;
import io.omnijourney.profile.domain.MetricSeries;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.ProfileConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What happens to the touchpoints of a poll: those carrying an identifier of an erased person are dropped (and
 * counted); the rest are applied to their profiles as one batch ({@link BatchApplier}); the applied ones are recorded
 * on the timeline in bulk (those recorded for the first time are counted in the dashboards' series,
 * {@link MetricSeries}), very long timelines are trimmed, and each applied touchpoint yields its
 * {@code profile-events} records. Everything is durable when this returns, except the publications it hands back.
 * Re-applying a touchpoint (a replayed poll) changes nothing and yields the same publications again: a crash between
 * the profile write and the publication must not lose them.
 */
public final class TouchpointIntake {

    private static final Logger LOG = Logger.getLogger(TouchpointIntake.class);

    private final BatchApplier batches;
    private final TimelineStore timeline;
    private final MetricBuckets buckets;
    private final SuppressionList suppressions;
    private final ProfileConfig profileConfig;
    private final TimelineBounds bounds;
    private final Counter suppressed;

    /** How long a timeline may get, and how often that is checked. */
    public record TimelineBounds(int maxEventsPerProfile, int trimEvery) {
    }

    /** What became of one touchpoint. */
    public sealed interface Disposition permits Applied, Suppressed, Unattributable {
    }

    /** Applied (or found applied before): publish these. */
    public record Applied(List<Publication> publications) implements Disposition {
    }

    /** Dropped: it carries an identifier of an erased person. */
    public record Suppressed() implements Disposition {
    }

    /** No usable identifier: no profile can take it. */
    public record Unattributable(String reason) implements Disposition {
    }

    public TouchpointIntake(BatchApplier batches, TimelineStore timeline, MetricBuckets buckets,
            SuppressionList suppressions, ProfileConfig profileConfig, TimelineBounds bounds, MeterRegistry registry) {
        this.batches = batches;
        this.timeline = timeline;
        this.buckets = buckets;
        this.suppressions = suppressions;
        this.profileConfig = profileConfig;
        this.bounds = bounds;
        this.suppressed = Counter.builder("omnijourney.profile.events.suppressed")
                .description("Touchpoints dropped because they carry an identifier of an erased profile")
                .register(registry);
        registry.gauge("omnijourney.profile.touchpoints.batched", batches, BatchApplier::batched);
        registry.gauge("omnijourney.profile.touchpoints.one.by.one", batches, BatchApplier::oneByOne);
    }

    /** Applies the touchpoints of a poll, in order; returns what became of each, in the same order. */
    public List<Disposition> apply(List<TouchpointEvent> events) {
        List<List<Identifier>> identities = new ArrayList<>(events.size());
        Set<Identifier> lookup = new HashSet<>();
        for (TouchpointEvent event : events) {
            List<Identifier> identifiers = Identifiers.extract(event, profileConfig.identity()).lookupIdentifiers();
            identities.add(identifiers);
            lookup.addAll(identifiers);
        }
        Set<Identifier> erased = suppressions.suppressedAmong(lookup);
        Disposition[] dispositions = new Disposition[events.size()];
        List<TouchpointEvent> kept = new ArrayList<>(events.size());
        List<Integer> keptAt = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            if (!erased.isEmpty() && identities.get(i).stream().anyMatch(erased::contains)) {
                suppressed.increment();
                dispositions[i] = new Suppressed();
            } else {
                kept.add(events.get(i));
                keptAt.add(i);
            }
        }
        List<Outcome> outcomes = batches.apply(kept);
        List<TimelineStore.Entry> entries = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            if (outcomes.get(i) instanceof Outcome.Applied applied) {
                entries.add(new TimelineStore.Entry(applied.profileId(), kept.get(i)));
            }
        }
        List<TimelineStore.Entry> recorded = timeline.recordAll(entries);
        // Counted once, when first recorded; a crash before this write loses those counts (never counts twice).
        List<MetricSeries.Increment> increments = new ArrayList<>();
        recorded.forEach(entry -> increments.addAll(MetricSeries.of(entry.event())));
        if (!increments.isEmpty()) {
            buckets.add(increments);
        }
        trimTimelines(outcomes);
        for (int i = 0; i < kept.size(); i++) {
            dispositions[keptAt.get(i)] = disposition(kept.get(i), outcomes.get(i));
        }
        return List.of(dispositions);
    }

    private static Disposition disposition(TouchpointEvent event, Outcome outcome) {
        if (outcome instanceof Outcome.Unattributable unattributable) {
            return new Unattributable("unattributable: no usable identifier " + unattributable.refusals());
        }
        Outcome.Applied applied = (Outcome.Applied) outcome;
        List<Publication> publications = new ArrayList<>();
        for (String loser : applied.mergedAway()) {
            publications.add(Publication.of(ProfileEvent.merged(loser, applied.profileId(), event.messageId(),
                    event.receivedAt())));
        }
        publications.add(Publication.of(ProfileEvent.touchpoint(applied.profileId(), event,
                ProfileSnapshots.of(applied.state().profile()))));
        applied.state().outboxOf(event.messageId()).forEach(entry -> publications.add(Publication.of(entry)));
        return new Applied(publications);
    }

    /** Bounds a very active person's timeline: checked each time their event count passes a multiple of trim-every. */
    private void trimTimelines(List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Outcome.Applied applied && !applied.duplicate()) {
                Profile profile = applied.state().profile();
                long count = profile.channels().values().stream().mapToLong(ChannelStats::count).sum();
                if (count > bounds.maxEventsPerProfile() && count % bounds.trimEvery() == 0) {
                    List<String> ids = new ArrayList<>();
                    ids.add(profile.id());
                    profile.merges().forEach(m -> ids.add(m.fromProfileId()));
                    long trimmed = timeline.trim(ids, bounds.maxEventsPerProfile());
                    LOG.debugf("timeline of %s trimmed by %d entries", profile.id(), trimmed);
                }
            }
        }
    }
}
