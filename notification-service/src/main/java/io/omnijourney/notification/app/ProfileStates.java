package io.omnijourney.notification.app;

import io.omnijourney.contract.profile.ProfileSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What profile-events told this service about profiles: latest consent, a copy for previews, erasures. */
public interface ProfileStates {

    /** Keeps the snapshot for previews and each channel's consent if newer than the one held. */
    void apply(String profileId, ProfileSnapshot snapshot, Instant at);

    /** A local consent change (one-click unsubscribe), kept until a newer one arrives from profile-service. */
    void setConsent(String profileId, String channel, String status, Instant at);

    Optional<String> consent(String profileId, String channel);

    /** {@code identifiers} (type to values) and {@code traits} of the last snapshot. */
    Optional<Map<String, Object>> snapshot(String profileId);

    void markErased(String profileId, Instant at);

    boolean isErased(String profileId);
}
