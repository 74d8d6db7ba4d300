package io.omnijourney.console.adapter.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Next and previous over the timeline, whose API pages only backwards ({@code before} = the last page's
 * {@code nextBefore}). The pages seen before the current one travel in the link as {@code trail}: their cursors,
 * oldest first, {@value #FIRST} for the newest page. At most {@value #MAX_TRAIL} are kept; beyond that "Previous"
 * goes back as far as the trail remembers, and "Newest" always starts again.
 */
record TimelinePaging(String before, List<String> trail) {

    static final String FIRST = "0";
    static final int MAX_TRAIL = 30;

    TimelinePaging {
        before = before == null || before.isBlank() ? "" : before.strip();
        trail = List.copyOf(trail);
    }

    /** From the request's {@code before} and {@code trail} parameters (anything odd in the trail is dropped). */
    static TimelinePaging of(String before, String trail) {
        List<String> cursors = new ArrayList<>();
        if (trail != null) {
            for (String c : trail.split(",")) {
                String cursor = c.strip();
                if (cursor.matches("[0-9A-Za-z:.+-]{1,40}")) {
                    cursors.add(cursor);
                }
            }
        }
        while (cursors.size() > MAX_TRAIL) {
            cursors.remove(0);
        }
        return new TimelinePaging(before, cursors);
    }

    boolean hasPrevious() {
        return !trail.isEmpty();
    }

    /** The previous page's {@code before} (empty for the newest page). */
    String previousBefore() {
        String last = trail.get(trail.size() - 1);
        return last.equals(FIRST) ? "" : last;
    }

    /** The trail the previous page carries. */
    String previousTrail() {
        return String.join(",", trail.subList(0, trail.size() - 1));
    }

    /** The trail the next page carries: this one's, then the current page. */
    String nextTrail() {
        List<String> next = new ArrayList<>(trail);
        next.add(before.isEmpty() ? FIRST : before);
        while (next.size() > MAX_TRAIL) {
            next.remove(0);
        }
        return String.join(",", next);
    }
}
