package io.omnijourney.notification.app;

/** Per-profile, per-channel, per-day counters of marketing sends. */
public interface DailyCaps {

    /** Counts one send on {@code key} unless {@code cap} sends were already counted; false when the cap is reached. */
    boolean tryCount(String key, String profileId, int cap);

    void purgeProfile(String profileId);
}
