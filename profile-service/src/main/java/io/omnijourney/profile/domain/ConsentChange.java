package io.omnijourney.profile.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One change of a channel's consent, for the profile's consent history. */
public record ConsentChange(ConsentChannel channel, ConsentState state) {

    /** How many changes a profile keeps, newest last; the oldest go first. */
    public static final int MAX_HISTORY = 100;

    static final Comparator<ConsentChange> ORDER = Comparator.comparing((ConsentChange c) -> c.state().stamp())
            .thenComparing(ConsentChange::channel);

    public ConsentChange {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(state, "state");
    }

    /** The changes between two consent maps: every channel whose state is new in {@code after}. */
    static List<ConsentChange> between(Map<ConsentChannel, ConsentState> before,
                                       Map<ConsentChannel, ConsentState> after) {
        List<ConsentChange> changes = new ArrayList<>();
        after.forEach((channel, state) -> {
            if (!state.equals(before.get(channel))) {
                changes.add(new ConsentChange(channel, state));
            }
        });
        return changes;
    }

    /** Both histories and the new changes, each change once, in last-write-wins order, the newest {@link #MAX_HISTORY}. */
    @SafeVarargs
    static List<ConsentChange> combine(Collection<ConsentChange>... histories) {
        Map<String, ConsentChange> unique = new LinkedHashMap<>();
        for (Collection<ConsentChange> history : histories) {
            history.forEach(c -> unique.putIfAbsent(c.channel() + "|" + c.state().messageId(), c));
        }
        List<ConsentChange> sorted = new ArrayList<>(unique.values());
        sorted.sort(ORDER);
        return List.copyOf(sorted.subList(Math.max(0, sorted.size() - MAX_HISTORY), sorted.size()));
    }
}
