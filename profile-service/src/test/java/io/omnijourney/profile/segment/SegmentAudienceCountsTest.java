package io.omnijourney.profile.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.profile.app.ProfileStore;
import io.omnijourney.testsupport.SettableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Member counts are kept: a segment never counted is counted while the caller waits, a kept count is answered as it
 * is, and once older than the maximum age it is still answered while every kept count is taken again in the
 * background, once however many callers ask meanwhile.
 */
class SegmentAudienceCountsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    /** The members the store holds now, and every counting pass it was asked for (the ids of each). */
    private final Map<String, Long> members = new ConcurrentHashMap<>();
    private final List<Set<String>> passes = new ArrayList<>();
    private final List<Runnable> background = new ArrayList<>();
    private final SettableClock clock = new SettableClock(T0);
    private boolean failing;

    private final ProfileStore store = (ProfileStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ProfileStore.class}, (proxy, method, args) -> {
                if (!method.getName().equals("memberCounts")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                if (failing) {
                    throw new IllegalStateException("MongoDB away");
                }
                @SuppressWarnings("unchecked")
                Collection<String> ids = (Collection<String>) args[0];
                passes.add(Set.copyOf(ids));
                Map<String, Long> counted = new HashMap<>();
                ids.forEach(id -> counted.put(id, members.getOrDefault(id, 0L)));
                return counted;
            });

    private final SegmentAudience audience = new SegmentAudience(store, clock, 10, Duration.ofMillis(300),
            Duration.ofSeconds(30), background::add);

    @Test
    void aCountIsTakenOnceThenAnsweredAsItIsUntilItIsOld() {
        members.put("gold", 120L);
        members.put("silver", 40L);

        Map<String, SegmentAudience.Count> first = audience.memberCounts(List.of("gold", "silver"));
        assertThat(first.get("gold")).isEqualTo(new SegmentAudience.Count(120, T0));
        assertThat(passes).containsExactly(Set.of("gold", "silver"));

        members.put("gold", 121L);
        clock.set(T0.plusSeconds(30));
        assertThat(audience.memberCount("gold")).isEqualTo(new SegmentAudience.Count(120, T0));
        assertThat(audience.memberCounts(List.of("gold", "silver"))).hasSize(2);
        assertThat(passes).as("not older than 30 s: nothing counted again").hasSize(1);
        assertThat(background).isEmpty();
    }

    @Test
    void anOldCountIsAnsweredAtOnceAndEveryKeptCountIsTakenAgainInTheBackgroundOnce() {
        members.put("gold", 120L);
        audience.memberCounts(List.of("gold", "silver"));
        members.put("gold", 130L);
        clock.set(T0.plusSeconds(31));

        assertThat(audience.memberCount("gold").members()).isEqualTo(120);
        assertThat(audience.memberCount("gold").members()).isEqualTo(120);
        assertThat(background).as("one recount however many callers").hasSize(1);
        assertThat(passes).hasSize(1);

        background.remove(0).run();
        assertThat(passes.get(1)).isEqualTo(Set.of("gold", "silver"));
        assertThat(audience.memberCount("gold")).isEqualTo(new SegmentAudience.Count(130, T0.plusSeconds(31)));

        clock.set(T0.plusSeconds(70));
        audience.memberCount("silver");
        assertThat(background).as("a new recount once the last one is done and old").hasSize(1);
    }

    @Test
    void aSegmentNeverCountedIsCountedAloneWhileTheCallerWaits() {
        members.put("gold", 5L);
        audience.memberCounts(List.of("gold"));
        members.put("new", 7L);

        Map<String, SegmentAudience.Count> both = audience.memberCounts(List.of("gold", "new"));

        assertThat(both.get("new").members()).isEqualTo(7);
        assertThat(passes).containsExactly(Set.of("gold"), Set.of("new"));
    }

    @Test
    void aForgottenSegmentIsCountedAgainAndAFailedRecountKeepsTheLastCounts() {
        members.put("gold", 5L);
        audience.memberCount("gold");
        members.put("gold", 9L);

        audience.forget("gold");
        assertThat(audience.memberCount("gold").members()).isEqualTo(9);

        clock.set(T0.plusSeconds(60));
        failing = true;
        assertThat(audience.memberCount("gold").members()).isEqualTo(9);
        background.remove(0).run();
        assertThat(audience.memberCount("gold").members()).as("the last count stays").isEqualTo(9);
        assertThat(background).as("and the next caller may start another recount").hasSize(1);
    }
}
