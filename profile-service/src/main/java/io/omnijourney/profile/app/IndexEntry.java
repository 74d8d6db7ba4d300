package io.omnijourney.profile.app;

import java.util.Objects;

/**
 * Who holds an identifier in the identity index.
 *
 * @param version the profile version whose write takes (or took) the identifier: an entry whose profile is below that
 *     version and lacks the identifier is a claim whose write has not happened yet
 */
public record IndexEntry(String profileId, long version) {

    public IndexEntry {
        Objects.requireNonNull(profileId, "profileId");
    }
}
