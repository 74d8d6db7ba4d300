package io.omnijourney.profile.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A saved condition over the profile. Membership is decided by the condition alone: the service re-evaluates it when
 * the profile changes and on a periodic sweep (for conditions relative to the current time).
 *
 * @param id        stable, chosen by the marketer or derived from the name; journeys refer to it
 * @param condition a CEL expression over {@code profile}
 * @param revision  incremented by every update; an update is conditional on the revision read
 * @param status    {@code OVER_BUDGET} once an evaluation of this revision was cut off by the run-time budget (it
 *                  then counted as "not a member" for that profile); an update starts {@code ACTIVE} again
 * @param lastError why it was flagged, absent while active
 */
public record Segment(String id, String name, String description, String condition, Instant createdAt,
                      Instant updatedAt, long revision, Status status, String lastError, Instant lastErrorAt) {

    public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public enum Status { ACTIVE, OVER_BUDGET }

    /** A segment as saved: active, nothing to report. */
    public Segment(String id, String name, String description, String condition, Instant createdAt,
                   Instant updatedAt, long revision) {
        this(id, name, description, condition, createdAt, updatedAt, revision, Status.ACTIVE, null, null);
    }

    public Segment {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("segment id " + id + " does not match " + ID_PATTERN);
        }
    }

    /** {@code "Inactive 30 days!"} becomes {@code inactive-30-days}; empty when nothing usable is left. */
    public static String slugOf(String name) {
        String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.length() > 64 ? slug.substring(0, 64).replaceAll("-+$", "") : slug;
    }
}
