package io.omnijourney.profile.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One profile absorbed into another.
 *
 * @param fromProfileId the profile that became a redirect; also what makes a repeated merge a no-op
 * @param messageId the event that linked them
 * @param linking the identifiers of that event that the profiles were found by
 */
public record MergeRecord(String fromProfileId, String messageId, Instant at, List<Identifier> linking) {

    static final Comparator<MergeRecord> ORDER = Comparator.comparing(MergeRecord::at)
            .thenComparing(MergeRecord::messageId)
            .thenComparing(MergeRecord::fromProfileId);

    public MergeRecord {
        Objects.requireNonNull(fromProfileId, "fromProfileId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(at, "at");
        linking = List.copyOf(linking);
    }
}
