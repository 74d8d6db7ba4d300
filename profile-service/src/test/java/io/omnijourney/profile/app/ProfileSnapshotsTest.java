package io.omnijourney.profile.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.profile.domain.Profile;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The snapshot on profile-events names the revision of the profile it shows. */
class ProfileSnapshotsTest {

    @Test
    void theSnapshotCarriesTheStoredVersionOfTheProfile() {
        Profile stored = Profile.create("p-1", Instant.parse("2026-11-20T10:00:00Z")).withVersion(42);

        assertThat(ProfileSnapshots.of(stored).version()).isEqualTo(42L);
        assertThat(ProfileSnapshots.of(stored.withVersion(43)).version()).isEqualTo(43L);
    }
}
