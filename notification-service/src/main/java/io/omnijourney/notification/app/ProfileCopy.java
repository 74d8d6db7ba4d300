package io.omnijourney.notification.app;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This service's copy of a profile, from the last {@code touchpoint} profile event it applied: what addressing and
 * rendering need. Requests carry only the profile id and the version they were decided on, so the copy is where
 * addresses and traits come from; {@link #isOlderThan} tells whether it has caught up with a request yet.
 *
 * @param version the profile version of the snapshot copied (null: a snapshot of an older version of profile-service,
 *                or a copy kept before versions were kept)
 */
public record ProfileCopy(Map<String, List<String>> identifiers, Map<String, Object> traits, String locale,
        String timezone, Long version) {

    public ProfileCopy {
        identifiers = identifiers == null ? Map.of() : Map.copyOf(identifiers);
        traits = traits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(traits));
    }

    /**
     * True when a request decided on {@code requested} must not be handled from this copy yet. A request without a
     * version (its journey saw a snapshot without one) accepts any copy; a copy without a version is behind any
     * versioned request.
     */
    public boolean isOlderThan(Long requested) {
        return requested != null && (version == null || version < requested);
    }

    /** Whom an event about this profile names: the first userId, anonymousId, email and phone it has. */
    public Map<String, String> identity() {
        return RecipientData.identityOf(identifiers);
    }
}
