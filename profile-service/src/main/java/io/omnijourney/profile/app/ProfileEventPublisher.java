package io.omnijourney.profile.app;

import java.util.List;

/** Port: publishes on {@code profile-events} (keyed by profileId) and waits until the broker acknowledged them all. */
public interface ProfileEventPublisher {

    void publishAll(List<Publication> publications);
}
