package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.anonymousId;
import static io.omnijourney.profile.domain.ProfileFixtures.email;
import static io.omnijourney.profile.domain.ProfileFixtures.userId;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole flows through the in-memory application stand-in: events in, profiles and identity index out. */
class ProfileScenarioTest {

    @Test
    void an_anonymous_visitor_who_logs_in_is_merged_into_the_older_known_profile() {
        ProfileWorld world = new ProfileWorld();

        world.process(
                TestEvents.identify().userId("u-1").email("Ada@Example.org").atMinute(1),
                TestEvents.page().anonymousId("anon-1").atMinute(10),
                TestEvents.track(EventNames.PRODUCT_ADDED).anonymousId("anon-1").atMinute(11),
                TestEvents.identify().userId("u-1").anonymousId("anon-1").atMinute(12).messageId("m-login"));

        Profile profile = world.ownerOf(anonymousId("anon-1"));
        assertThat(world.liveProfiles()).containsExactly(profile);
        assertThat(profile.identifierList()).containsExactlyInAnyOrder(userId("u-1"), anonymousId("anon-1"),
                email("ada@example.org"));
        assertThat(profile.merges()).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo("m-login");
            assertThat(m.linking()).containsExactly(userId("u-1"), anonymousId("anon-1"));
        });
        assertThat(profile.eventCounters()).containsEntry("page", 1L).containsEntry("Product Added", 1L)
                .containsEntry("identify", 2L);
        assertThat(world.index).containsEntry("anonymousId:anon-1", profile.id());
    }

    @Test
    void an_email_provider_event_reaches_the_person_through_the_email_alone() {
        ProfileWorld world = new ProfileWorld();

        world.process(
                TestEvents.identify().userId("u-1").email("ada@example.org").atMinute(1),
                TestEvents.track(EventNames.EMAIL_BOUNCED).channel(Channel.EMAIL).contextTrait("email", "ADA@example.org")
                        .property("bounceType", "hard").atMinute(2));

        assertThat(world.liveProfiles()).hasSize(1);
        assertThat(world.ownerOf(userId("u-1")).consentStatus(ConsentChannel.EMAIL)).contains(ConsentStatus.BOUNCED);
    }

    @Test
    void an_alias_sent_before_the_anonymous_events_still_links_them() {
        ProfileWorld world = new ProfileWorld();

        world.process(
                TestEvents.alias("anon-9", "u-1").atMinute(1),
                TestEvents.page().anonymousId("anon-9").atMinute(0));

        assertThat(world.liveProfiles()).hasSize(1);
        assertThat(world.ownerOf(anonymousId("anon-9")).id()).isEqualTo(world.ownerOf(userId("u-1")).id());
    }

    @Test
    void three_profiles_linked_by_one_event_collapse_into_the_oldest() {
        ProfileWorld world = new ProfileWorld();
        world.process(
                TestEvents.page().anonymousId("web-anon").atMinute(1),
                TestEvents.page().deviceId("phone-1").atMinute(2),
                TestEvents.identify().userId("u-1").atMinute(3));

        world.process(TestEvents.identify().userId("u-1").anonymousId("web-anon").deviceId("phone-1").atMinute(4));

        Profile profile = world.ownerOf(userId("u-1"));
        assertThat(world.liveProfiles()).containsExactly(profile);
        assertThat(profile.createdAt()).isEqualTo(TestEvents.minutes(1).plusSeconds(1));
        assertThat(profile.merges()).hasSize(2);
        assertThat(world.profiles.values()).filteredOn(Profile::isMerged)
                .extracting(Profile::mergedInto).containsOnly(profile.id());
    }

    @Test
    void new_profile_ids_come_from_the_creating_event_so_a_replay_recreates_the_same_one() {
        assertThat(ProfileIds.forNewProfile("m-1")).isEqualTo(ProfileIds.forNewProfile("m-1"))
                .isNotEqualTo(ProfileIds.forNewProfile("m-2"));
    }

    @Test
    void the_refusal_history_keeps_the_most_recent_200() {
        ProfileWorld world = new ProfileWorld();
        for (int i = 1; i <= 205; i++) {
            world.process(TestEvents.identify().userId("u-1").trait("$bad" + i, 1L).atMinute(i));
        }

        List<Refusal> refusals = world.ownerOf(userId("u-1")).refusals();
        assertThat(refusals).hasSize(200);
        assertThat(refusals.get(0).value()).isEqualTo("$bad6");
        assertThat(refusals.get(199).value()).isEqualTo("$bad205");
    }
}
