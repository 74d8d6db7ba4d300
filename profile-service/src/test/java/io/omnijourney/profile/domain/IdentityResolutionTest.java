package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.anonymousId;
import static io.omnijourney.profile.domain.ProfileFixtures.deviceId;
import static io.omnijourney.profile.domain.ProfileFixtures.email;
import static io.omnijourney.profile.domain.ProfileFixtures.owning;
import static io.omnijourney.profile.domain.ProfileFixtures.phone;
import static io.omnijourney.profile.domain.ProfileFixtures.userId;
import static io.omnijourney.profile.domain.TestEvents.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityResolutionTest {

    private static final IdentityConfig CONFIG = IdentityConfig.defaults();

    private static Resolution decide(TestEvents event, Profile... owners) {
        TouchpointEvent built = event.build();
        return IdentityResolution.decide(List.of(owners), Identifiers.extract(built, CONFIG), CONFIG);
    }

    @Test
    void identifiers_nobody_owns_make_a_new_profile() {
        Resolution resolution = decide(TestEvents.identify().userId("u-1").email("a@example.org"));

        assertThat(resolution).isEqualTo(new Resolution.CreateNew(List.of(userId("u-1"), email("a@example.org")), List.of()));
    }

    @Test
    void one_owner_takes_the_event_and_only_the_identifiers_it_lacks() {
        Profile owner = owning("p-a", minutes(0), userId("u-1"));

        Resolution resolution = decide(TestEvents.identify().userId("u-1").email("a@example.org"), owner);

        assertThat(resolution).isEqualTo(new Resolution.AttachTo("p-a", List.of(email("a@example.org")), List.of()));
    }

    @Test
    void linking_two_profiles_merges_them_into_the_older_one() {
        Profile newer = owning("p-a", minutes(5), anonymousId("anon-1"));
        Profile older = owning("p-z", minutes(1), userId("u-1"));

        Resolution resolution = decide(TestEvents.identify().userId("u-1").anonymousId("anon-1").phone("+15551234567"),
                newer, older);

        assertThat(resolution).isEqualTo(new Resolution.Merge("p-z", List.of("p-a"),
                List.of(userId("u-1"), anonymousId("anon-1")), List.of(phone("+15551234567")), List.of()));
    }

    @Test
    void equal_creation_times_are_decided_by_the_smaller_id() {
        Profile b = owning("p-b", minutes(1), anonymousId("anon-1"));
        Profile a = owning("p-a", minutes(1), deviceId("d-1"));

        Resolution resolution = decide(TestEvents.page().anonymousId("anon-1").deviceId("d-1"), b, a);

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Merge.class, m -> {
            assertThat(m.survivorId()).isEqualTo("p-a");
            assertThat(m.loserIds()).containsExactly("p-b");
        });
    }

    @Test
    void a_shared_device_never_merges_two_users_and_the_refused_link_is_recorded() {
        Profile alice = owning("p-alice", minutes(1), userId("alice"), deviceId("tablet"));
        Profile bob = owning("p-bob", minutes(2), userId("bob"));

        Resolution resolution = decide(TestEvents.page().messageId("m-shared").userId("bob").deviceId("tablet"),
                alice, bob);

        assertThat(resolution).isInstanceOf(Resolution.AttachTo.class);
        assertThat(((Resolution.AttachTo) resolution).profileId()).isEqualTo("p-bob");
        assertThat(resolution.identifiersToAttach()).isEmpty();
        assertThat(resolution.refusals()).extracting(Refusal::type, Refusal::value, Refusal::reason, Refusal::messageId)
                .containsExactly(tuple("deviceId", "tablet", RefusalReason.CONFLICTING_USER_ID, "m-shared"));
    }

    @Test
    void a_new_user_on_a_known_users_device_gets_a_new_profile_without_the_device() {
        Profile alice = owning("p-alice", minutes(1), userId("alice"), deviceId("tablet"));

        Resolution resolution = decide(TestEvents.identify().userId("carol").deviceId("tablet"), alice);

        assertThat(resolution).isInstanceOf(Resolution.CreateNew.class);
        assertThat(resolution.identifiersToAttach()).containsExactly(userId("carol"));
        assertThat(resolution.refusals()).extracting(Refusal::reason).containsExactly(RefusalReason.CONFLICTING_USER_ID);
    }

    @Test
    void without_a_user_id_in_the_event_the_oldest_owner_with_a_user_id_anchors_the_event() {
        Profile x = owning("p-x", minutes(1), userId("x"), email("shared@example.org"));
        Profile y = owning("p-y", minutes(2), userId("y"), phone("+15551234567"));
        Profile anonymous = owning("p-anon", minutes(3), anonymousId("anon-1"));

        Resolution resolution = decide(TestEvents.page().anonymousId("anon-1")
                .contextTrait("email", "shared@example.org").contextTrait("phone", "+15551234567"), y, anonymous, x);

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Merge.class, m -> {
            assertThat(m.survivorId()).isEqualTo("p-x");
            assertThat(m.loserIds()).containsExactly("p-anon");
        });
        assertThat(resolution.refusals()).extracting(Refusal::type, Refusal::reason)
                .containsExactly(tuple("phone", RefusalReason.CONFLICTING_USER_ID));
    }

    @Test
    void a_merge_that_would_exceed_an_identifier_limit_is_refused() {
        Profile many = owning("p-many", minutes(1), email("1@example.org"), email("2@example.org"),
                email("3@example.org"), email("4@example.org"));
        Profile two = owning("p-two", minutes(2), email("5@example.org"), email("6@example.org"), deviceId("d-1"));

        Resolution resolution = decide(TestEvents.page().messageId("m-link").contextTrait("email", "1@example.org")
                .deviceId("d-1"), many, two);

        assertThat(resolution).isEqualTo(new Resolution.AttachTo("p-many", List.of(), List.of(
                new Refusal("deviceId", "d-1", RefusalReason.MERGE_EXCEEDS_LIMIT, "m-link", TestEvents.T0))));
    }

    @Test
    void anonymous_ids_do_not_block_a_merge_they_are_evicted_instead() {
        Profile[] owners = {owning("p-1", minutes(1), anonymousId("a-1"), userId("u-1")),
                owning("p-2", minutes(2), anonymousId("a-2"))};
        IdentityConfig tight = CONFIG.withLimit(IdentifierType.ANONYMOUS_ID, 1);

        Resolution resolution = IdentityResolution.decide(List.of(owners),
                Identifiers.extract(TestEvents.identify().userId("u-1").anonymousId("a-2").build(), tight), tight);

        assertThat(resolution).isInstanceOf(Resolution.Merge.class);
    }

    @Test
    void an_alias_links_the_profile_owning_previous_id_and_the_user() {
        Profile anonymous = owning("p-anon", minutes(5), anonymousId("anon-7"));
        Profile user = owning("p-user", minutes(1), userId("u-1"));

        Resolution resolution = decide(TestEvents.alias("anon-7", "u-1"), anonymous, user);

        assertThat(resolution).isEqualTo(new Resolution.Merge("p-user", List.of("p-anon"),
                List.of(userId("u-1"), anonymousId("anon-7")), List.of(), List.of()));
    }

    @Test
    void an_alias_whose_previous_id_nobody_owns_keeps_it_as_an_anonymous_id_for_events_still_to_come() {
        Profile user = owning("p-user", minutes(1), userId("u-1"));

        Resolution resolution = decide(TestEvents.alias("anon-7", "u-1"), user);

        assertThat(resolution).isEqualTo(new Resolution.AttachTo("p-user", List.of(anonymousId("anon-7")), List.of()));
    }

    @Test
    void an_event_with_only_blocked_or_invalid_identifiers_belongs_to_nobody() {
        Resolution resolution = decide(TestEvents.track("Product Viewed").userId("undefined").contextTrait("phone", "12"));

        assertThat(resolution).isInstanceOf(Resolution.Unattributable.class);
        assertThat(resolution.refusals()).extracting(Refusal::reason)
                .containsExactly(RefusalReason.BLOCKED_VALUE, RefusalReason.INVALID_PHONE);
    }

    @Test
    void blocked_identifiers_in_hand_built_input_are_refused_too() {
        ExtractedIdentity handBuilt = new ExtractedIdentity(new EventStamp(minutes(1), "m"),
                List.of(email("test@example.com"), userId("u-1")), Optional.empty(), List.of());

        Resolution resolution = IdentityResolution.decide(List.of(), handBuilt, CONFIG);

        assertThat(resolution.identifiersToAttach()).containsExactly(userId("u-1"));
        assertThat(resolution.refusals()).extracting(Refusal::reason).containsExactly(RefusalReason.BLOCKED_VALUE);
    }

    @Test
    void redirects_must_be_followed_before_deciding() {
        Profile redirect = owning("p-old", minutes(1), userId("u-1")).markMergedInto("p-0");

        assertThatThrownBy(() -> decide(TestEvents.identify().userId("u-1"), redirect))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redirect");
    }
}
