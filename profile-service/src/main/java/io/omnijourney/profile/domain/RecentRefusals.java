package io.omnijourney.profile.domain;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The bounded refusal history: the most recent ones by event time. Kept sorted and de-duplicated so that the same
 * refusal recorded twice (a replay) or arriving through two merge paths is kept once, in one order.
 */
final class RecentRefusals {

    private RecentRefusals() {
    }

    @SafeVarargs
    static List<Refusal> combine(int max, Collection<Refusal>... parts) {
        TreeSet<Refusal> all = new TreeSet<>(Refusal.ORDER);
        for (Collection<Refusal> part : parts) {
            all.addAll(part);
        }
        while (all.size() > max) {
            all.pollFirst();
        }
        return List.copyOf(all);
    }
}
