package io.omnijourney.notification.app;

import java.time.Clock;
import java.util.List;

/** The in-app inbox as the app's backend reads it: a profile's messages, newest first, and marking one read. */
public final class Inbox {

    private final InboxStore store;
    private final Clock clock;

    public Inbox(InboxStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<InboxStore.InboxMessage> messages(String profileId, boolean unreadOnly, int limit) {
        return store.list(profileId, unreadOnly, limit);
    }

    public long unread(String profileId) {
        return store.countUnread(profileId);
    }

    /** Marks a message of the profile read; one it does not have is a {@link NotFoundException}. */
    public void markRead(String profileId, String messageId) {
        if (!store.markRead(profileId, messageId, clock.instant())) {
            throw new NotFoundException("message '" + messageId + "'");
        }
    }
}
