package io.omnijourney.notification.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The original URLs of tracked links, recorded at send time: the redirect leads nowhere else. */
public interface LinkStore {

    /**
     * @param identity what the click event needs to name the person (userId, anonymousId or email)
     */
    record TrackedLink(String linkId, String requestId, String profileId, String url, String templateId,
            String journeyId, String stepId, Map<String, String> identity) {
    }

    void record(List<TrackedLink> links);

    Optional<TrackedLink> find(String linkId);

    void purgeProfile(String profileId);
}
