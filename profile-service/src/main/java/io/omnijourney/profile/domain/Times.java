package io.omnijourney.profile.domain;

import java.time.Instant;

/** Null-tolerant min and max: an absent time loses to any present one. */
final class Times {

    private Times() {
    }

    static Instant min(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.isBefore(b) ? a : b;
    }

    static Instant max(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.isAfter(b) ? a : b;
    }
}
