package io.omnijourney.profile.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity claims of one event.
 *
 * @param source the event, for refusal records and merge records
 * @param identifiers normalized, unblocked, in a fixed order (userId, anonymousId, email, phone, deviceId, custom)
 * @param aliasPreviousId an alias call's previousId: it may be a userId or an anonymousId, so the caller looks up
 *     both ({@link #aliasCandidates()})
 * @param refused what could not become an identifier, and why
 */
public record ExtractedIdentity(EventStamp source, List<Identifier> identifiers, Optional<String> aliasPreviousId,
                                List<Refusal> refused) {

    public ExtractedIdentity {
        Objects.requireNonNull(source, "source");
        identifiers = List.copyOf(identifiers);
        Objects.requireNonNull(aliasPreviousId, "aliasPreviousId");
        refused = List.copyOf(refused);
    }

    public List<Identifier> aliasCandidates() {
        return aliasPreviousId
                .map(id -> List.of(Identifier.of(IdentifierType.USER_ID, id), Identifier.of(IdentifierType.ANONYMOUS_ID, id)))
                .orElse(List.of());
    }

    /** Every key the caller must look up in the identity index to find the owners for {@link IdentityResolution}. */
    public List<Identifier> lookupIdentifiers() {
        List<Identifier> all = new ArrayList<>(identifiers);
        aliasCandidates().stream().filter(c -> !all.contains(c)).forEach(all::add);
        return List.copyOf(all);
    }

    public boolean isEmpty() {
        return identifiers.isEmpty() && aliasPreviousId.isEmpty();
    }
}
