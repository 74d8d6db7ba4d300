package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.CONFIG;
import static io.omnijourney.profile.domain.ProfileFixtures.anonymousId;
import static io.omnijourney.profile.domain.ProfileFixtures.applyAlone;
import static io.omnijourney.profile.domain.ProfileFixtures.userId;
import static io.omnijourney.profile.domain.ProfileFixtures.userProfile;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import org.junit.jupiter.api.Test;

/**
 * What the domain guarantees about applying the same event twice. Storage deduplicates on messageId; these tests pin
 * down what holds without it, and what does not (documented in {@code package-info}).
 */
class IdempotenceTest {

    private static final TouchpointEvent EVENT = TestEvents.identify().userId("u-1").messageId("m-1").atMinute(5)
            .trait("plan", "pro").trait("$bad", 1L).trait("emailOptIn", false).anonymousId("anon-1").build();

    private static final TouchpointEvent ORDER = TestEvents.track(EventNames.ORDER_COMPLETED).userId("u-1")
            .messageId("m-2").atMinute(6).channel(Channel.MOBILE).property("revenue", 20L).property("nps", 3L).build();

    @Test
    void applying_an_event_to_the_same_state_gives_equal_results() {
        Profile state = userProfile(TestEvents.page().atMinute(1));

        assertThat(applyAlone(state, EVENT, CONFIG)).isEqualTo(applyAlone(state, EVENT, CONFIG));
        assertThat(applyAlone(state, ORDER, CONFIG)).isEqualTo(applyAlone(state, ORDER, CONFIG));
    }

    @Test
    void reapplying_leaves_identifiers_traits_consent_times_and_refusals_as_after_one_application() {
        Profile once = applyAlone(applyAlone(ProfileFixtures.fresh(), EVENT, CONFIG), ORDER, CONFIG);
        Profile twice = applyAlone(applyAlone(once, EVENT, CONFIG), ORDER, CONFIG);

        assertThat(twice.identifiers()).isEqualTo(once.identifiers());
        assertThat(twice.traits()).isEqualTo(once.traits());
        assertThat(twice.consent()).isEqualTo(once.consent());
        assertThat(twice.refusals()).isEqualTo(once.refusals());
        assertThat(twice.computed().lastOrderAt()).isEqualTo(once.computed().lastOrderAt());
        assertThat(twice.computed().lastActivityAt()).isEqualTo(once.computed().lastActivityAt());
        assertThat(twice.channels().get(Channel.MOBILE).lastSeenAt()).isEqualTo(once.channels().get(Channel.MOBILE).lastSeenAt());
    }

    @Test
    void counts_are_not_idempotent_so_storage_must_apply_each_message_id_once() {
        Profile once = applyAlone(ProfileFixtures.fresh(), ORDER, CONFIG);
        Profile twice = applyAlone(once, ORDER, CONFIG);

        assertThat(twice.computed().orderCount()).isEqualTo(2 * once.computed().orderCount());
        assertThat(twice.eventCount(EventNames.ORDER_COMPLETED)).isEqualTo(2);
    }

    @Test
    void a_merge_interrupted_after_marking_the_loser_is_completed_by_the_next_reader() {
        ProfileWorld world = new ProfileWorld();
        world.process(TestEvents.identify().userId("u-1").atMinute(1).trait("plan", "pro"),
                TestEvents.page().anonymousId("anon-1").atMinute(2));
        Profile survivor = world.ownerOf(userId("u-1"));
        Profile loser = world.ownerOf(anonymousId("anon-1"));
        // The crash: the loser was stored as a redirect, the survivor's write never happened.
        world.profiles.put(loser.id(), loser.markMergedInto(survivor.id()));

        world.process(TestEvents.page().anonymousId("anon-1").atMinute(3));

        Profile completed = world.ownerOf(anonymousId("anon-1"));
        assertThat(completed.id()).isEqualTo(survivor.id());
        assertThat(completed.hasAbsorbed(loser.id())).isTrue();
        assertThat(completed.eventCount("page")).isEqualTo(2);
        assertThat(completed.trait("plan")).contains("pro");
    }

    @Test
    void replaying_the_merging_event_after_a_completed_merge_does_not_merge_twice() {
        ProfileWorld world = new ProfileWorld();
        TestEvents linking = TestEvents.identify().userId("u-1").anonymousId("anon-1").atMinute(3).messageId("m-link");
        world.process(TestEvents.identify().userId("u-1").atMinute(1),
                TestEvents.page().anonymousId("anon-1").atMinute(2));
        TouchpointEvent link = linking.build();
        world.process(link);
        Profile afterFirst = world.ownerOf(userId("u-1"));

        Resolution replay = world.process(link);

        assertThat(replay).isInstanceOf(Resolution.AttachTo.class);
        Profile afterReplay = world.ownerOf(userId("u-1"));
        assertThat(afterReplay.merges()).isEqualTo(afterFirst.merges());
        assertThat(afterReplay.computed()).isEqualTo(afterFirst.computed());
        assertThat(afterReplay.identifiers()).isEqualTo(afterFirst.identifiers());
        assertThat(afterReplay.eventCount("page")).isEqualTo(1);
    }
}
