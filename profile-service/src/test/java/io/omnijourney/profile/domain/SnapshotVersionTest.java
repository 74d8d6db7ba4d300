package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.CONFIG;
import static io.omnijourney.profile.domain.ProfileFixtures.applyAll;
import static io.omnijourney.profile.domain.ProfileFixtures.owning;
import static io.omnijourney.profile.domain.ProfileFixtures.userId;
import static io.omnijourney.profile.domain.ProfileFixtures.userProfile;
import static io.omnijourney.profile.domain.TestEvents.identify;
import static io.omnijourney.profile.domain.TestEvents.minutes;
import static io.omnijourney.profile.domain.TestEvents.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.profile.app.ProfileSnapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The version on a snapshot orders the profile's states for consumers that keep a copy: it grows with every event
 * applied, also between events applied in memory before one write (a poll's batch), and never shrinks on a merge.
 */
class SnapshotVersionTest {

    @Test
    void everyEventAppliedGivesTheSnapshotAHigherVersionEvenBeforeAnyWrite() {
        Profile viewed = userProfile(page().atMinute(1));
        Profile named = applyAll(viewed, identify().userId("u-1").trait("firstName", "Ana").atMinute(2));

        long before = ProfileSnapshots.of(viewed).version();
        long after = ProfileSnapshots.of(named).version();

        assertThat(viewed.version()).as("one stored revision for both").isEqualTo(named.version());
        assertThat(after).isGreaterThan(before);
        assertThat(ProfileSnapshots.of(named).traits()).containsEntry("firstName", "Ana");
    }

    @Test
    void aMergeNeverLowersTheSurvivorsVersion() {
        Profile survivor = applyAll(owning("p-a", minutes(0), userId("u-1")), page().userId("u-1").atMinute(1));
        Profile loser = applyAll(owning("p-b", minutes(1), ProfileFixtures.anonymousId("anon-1")),
                page().anonymousId("anon-1").atMinute(2), page().anonymousId("anon-1").atMinute(3));

        Profile merged = survivor.mergeFrom(loser.markMergedInto("p-a"), "m-merge", minutes(5),
                List.of(userId("u-1")), CONFIG);

        assertThat(ProfileSnapshots.of(merged).version()).isGreaterThan(ProfileSnapshots.of(survivor).version())
                .isGreaterThanOrEqualTo(ProfileSnapshots.of(loser).version());
    }
}
