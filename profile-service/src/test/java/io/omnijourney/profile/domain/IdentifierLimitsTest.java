package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.anonymousId;
import static io.omnijourney.profile.domain.ProfileFixtures.email;
import static io.omnijourney.profile.domain.ProfileFixtures.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdentifierLimitsTest {

    @Test
    void a_profile_keeps_the_newest_100_anonymous_ids_and_records_the_one_evicted() {
        ProfileWorld world = new ProfileWorld();
        IntStream.rangeClosed(1, 101).forEach(i -> world.process(
                TestEvents.page().userId("u-1").anonymousId("anon-" + i).atMinute(i).messageId("m-" + i)));

        Profile profile = world.ownerOf(userId("u-1"));

        assertThat(profile.identifierValues(IdentifierType.ANONYMOUS_ID))
                .hasSize(100).doesNotContain("anon-1").contains("anon-2", "anon-101");
        assertThat(profile.refusals()).extracting(Refusal::type, Refusal::value, Refusal::reason, Refusal::messageId)
                .containsExactly(tuple("anonymousId", "anon-1", RefusalReason.ANONYMOUS_ID_EVICTED, "m-101"));
        assertThat(world.index).doesNotContainKey("anonymousId:anon-1").containsKey("anonymousId:anon-101");
    }

    @Test
    void an_anonymous_id_older_than_all_kept_ones_is_itself_the_one_evicted() {
        ProfileConfig config = ProfileFixtures.CONFIG.withIdentity(
                IdentityConfig.defaults().withLimit(IdentifierType.ANONYMOUS_ID, 2));
        Profile profile = ProfileFixtures.fresh();
        for (int minute : new int[] {10, 20, 5}) {
            profile = ProfileFixtures.applyAlone(profile,
                    TestEvents.page().userId("u-1").anonymousId("anon-at-" + minute).atMinute(minute).build(), config);
        }

        assertThat(profile.identifierValues(IdentifierType.ANONYMOUS_ID)).containsExactly("anon-at-10", "anon-at-20");
        assertThat(profile.refusals()).extracting(Refusal::value, Refusal::reason)
                .containsExactly(tuple("anon-at-5", RefusalReason.ANONYMOUS_ID_EVICTED));
    }

    @Test
    void other_types_refuse_the_newcomer_beyond_their_limit() {
        ProfileWorld world = new ProfileWorld();
        IntStream.rangeClosed(1, 6).forEach(i -> world.process(
                TestEvents.identify().userId("u-1").email("e" + i + "@example.org").atMinute(i).messageId("m-" + i)));

        Profile profile = world.ownerOf(userId("u-1"));

        assertThat(profile.identifierValues(IdentifierType.EMAIL)).hasSize(5).doesNotContain("e6@example.org");
        assertThat(profile.refusals()).extracting(Refusal::type, Refusal::value, Refusal::reason, Refusal::messageId)
                .containsExactly(tuple("email", "e6@example.org", RefusalReason.IDENTIFIER_LIMIT, "m-6"));
        assertThat(world.index).doesNotContainKey("email:e6@example.org");
    }

    @Test
    void limits_are_configurable_per_type_including_custom_identifiers() {
        IdentityConfig identity = IdentityConfig.defaults().withCustomIdentifierTraits(List.of("loyaltyCard"))
                .withLimit("loyaltyCard", 1);
        ProfileWorld world = new ProfileWorld(ProfileFixtures.CONFIG.withIdentity(identity));

        world.process(TestEvents.identify().userId("u-1").trait("loyaltyCard", "L-1").atMinute(1),
                TestEvents.identify().userId("u-1").trait("loyaltyCard", "L-2").atMinute(2));

        Profile profile = world.ownerOf(userId("u-1"));
        assertThat(profile.identifierValues("loyaltyCard")).containsExactly("L-1");
        assertThat(world.ownerOf("loyaltyCard", "L-1").id()).isEqualTo(profile.id());
        assertThat(profile.refusals()).extracting(Refusal::type, Refusal::reason)
                .containsExactly(tuple("loyaltyCard", RefusalReason.IDENTIFIER_LIMIT));
    }

    @Test
    void a_blocked_value_shared_by_two_people_neither_links_nor_merges_them() {
        ProfileWorld world = new ProfileWorld();

        world.process(TestEvents.identify().anonymousId("anon-1").email("test@example.com"),
                TestEvents.identify().anonymousId("anon-2").email("Test@Example.com"));

        assertThat(world.liveProfiles()).hasSize(2);
        assertThat(world.index).doesNotContainKey("email:test@example.com");
        assertThat(world.ownerOf(anonymousId("anon-2")).refusals()).extracting(Refusal::reason)
                .containsExactly(RefusalReason.BLOCKED_VALUE);
    }

    @Test
    void two_user_ids_never_merge_through_a_shared_device() {
        ProfileWorld world = new ProfileWorld();

        world.process(
                TestEvents.identify().userId("alice").deviceId("family-tablet").atMinute(1),
                TestEvents.identify().userId("bob").deviceId("family-tablet").atMinute(2).messageId("m-bob"),
                TestEvents.page().deviceId("family-tablet").atMinute(3));

        Profile alice = world.ownerOf(userId("alice"));
        Profile bob = world.ownerOf(userId("bob"));
        assertThat(alice.id()).isNotEqualTo(bob.id());
        assertThat(world.ownerOf(ProfileFixtures.deviceId("family-tablet")).id()).isEqualTo(alice.id());
        assertThat(bob.identifierList()).containsExactly(userId("bob"));
        assertThat(bob.refusals()).extracting(Refusal::type, Refusal::value, Refusal::reason, Refusal::messageId)
                .containsExactly(tuple("deviceId", "family-tablet", RefusalReason.CONFLICTING_USER_ID, "m-bob"));
        assertThat(alice.eventCount("page")).isEqualTo(1);
    }

    @Test
    void an_identity_config_rejects_limits_below_one_and_custom_traits_named_like_built_ins() {
        assertThatThrownBy(() -> IdentityConfig.defaults().withLimit(IdentifierType.EMAIL, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdentityConfig.defaults().withCustomIdentifierTraits(List.of("email")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IdentityConfig.defaults().limitFor("loyaltyCard")).isEqualTo(IdentityConfig.DEFAULT_CUSTOM_LIMIT);
        assertThat(email("x@example.org").key()).isEqualTo("email:x@example.org");
    }
}
