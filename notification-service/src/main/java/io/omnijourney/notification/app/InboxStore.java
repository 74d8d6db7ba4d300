package io.omnijourney.notification.app;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** In-app messages a client fetches and marks read. */
public interface InboxStore {

    record InboxMessage(String messageId, String profileId, String title, String body, String deepLink,
            Instant createdAt, Instant readAt) {
    }

    /** Idempotent on messageId (the requestId). */
    void put(InboxMessage message);

    /** Newest first. */
    List<InboxMessage> list(String profileId, boolean unreadOnly, int limit);

    boolean markRead(String profileId, String messageId, Instant at);

    /** Messages of the profile not yet read. */
    long countUnread(String profileId);

    /**
     * Messages of these profiles created or marked read after {@code since}, oldest first, at most {@code limit}: what
     * the live streams of this instance pass on ({@link InboxWatch}).
     */
    List<InboxMessage> changedSince(Collection<String> profileIds, Instant since, int limit);

    long purgeProfile(String profileId);
}
