package io.omnijourney.profile.domain;

import java.util.Comparator;
import java.util.Objects;

/** An identifier held by a profile, with the event that linked it (anonymousIds are evicted oldest-linked first). */
public record LinkedIdentifier(Identifier identifier, EventStamp linked) {

    static final Comparator<LinkedIdentifier> CANONICAL_ORDER = Comparator
            .comparing((LinkedIdentifier l) -> l.identifier().type())
            .thenComparing(LinkedIdentifier::linked)
            .thenComparing(l -> l.identifier().value());

    public LinkedIdentifier {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(linked, "linked");
    }

    public String type() {
        return identifier.type();
    }

    public String value() {
        return identifier.value();
    }
}
