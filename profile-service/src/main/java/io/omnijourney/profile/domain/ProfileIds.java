package io.omnijourney.profile.domain;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Ids for new profiles, derived from the event that created them: a replay after a crash recreates the same id, so
 * an insert-if-absent converges instead of leaving a second, orphaned profile.
 */
public final class ProfileIds {

    private ProfileIds() {
    }

    public static String forNewProfile(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        return UUID.nameUUIDFromBytes(("profile:" + messageId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
