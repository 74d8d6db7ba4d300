package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.userProfile;
import static io.omnijourney.profile.domain.TestEvents.identify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omnijourney.contract.touchpoint.EventNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraitsTest {

    @Test
    void a_late_older_event_does_not_overwrite_a_newer_value_but_sets_traits_it_alone_carries() {
        Profile profile = userProfile(
                identify().messageId("new").atMinute(10).trait("plan", "pro"),
                identify().messageId("late").atMinute(5).trait("plan", "free").trait("city", "Lyon"));

        assertThat(profile.trait("plan")).contains("pro");
        assertThat(profile.traits().get("plan")).isEqualTo(new TraitValue("pro", TestEvents.minutes(10), "new"));
        assertThat(profile.trait("city")).contains("Lyon");
    }

    @Test
    void a_trait_stamped_in_the_far_future_is_ordered_at_its_receipt_so_the_next_identify_overwrites_it() {
        java.time.Instant farFuture = java.time.Instant.parse("9999-12-31T23:59:59Z");
        Profile profile = userProfile(
                identify().messageId("future").at(farFuture).receivedAt(TestEvents.minutes(1)).trait("plan", "free"),
                identify().messageId("next").atMinute(2).trait("plan", "pro"));

        assertThat(profile.trait("plan")).contains("pro");
        assertThat(profile.traits().get("plan").updatedAt()).isEqualTo(TestEvents.minutes(2));
        assertThat(profile.channels().values()).allSatisfy(stats ->
                assertThat(stats.lastSeenAt()).isBefore(TestEvents.minutes(3)));
        assertThat(profile.computed().lastActivityAt()).isBefore(TestEvents.minutes(3));
    }

    @Test
    void a_newer_event_overwrites() {
        Profile profile = userProfile(
                identify().atMinute(5).trait("plan", "free"),
                identify().atMinute(10).trait("plan", "pro"));

        assertThat(profile.trait("plan")).contains("pro");
    }

    @Test
    void equal_timestamps_are_decided_by_the_greater_message_id_in_either_delivery_order() {
        Profile aThenB = userProfile(
                identify().messageId("a").atMinute(1).trait("plan", "from-a"),
                identify().messageId("b").atMinute(1).trait("plan", "from-b"));
        Profile bThenA = userProfile(
                identify().messageId("b").atMinute(1).trait("plan", "from-b"),
                identify().messageId("a").atMinute(1).trait("plan", "from-a"));

        assertThat(aThenB.trait("plan")).contains("from-b");
        assertThat(bThenA.trait("plan")).contains("from-b");
    }

    @Test
    void clearing_a_trait_keeps_a_tombstone_that_older_events_cannot_resurrect() {
        Profile profile = userProfile(
                identify().atMinute(1).trait("plan", "pro"),
                identify().atMinute(10).trait("plan", null),
                identify().atMinute(5).trait("plan", "free"));

        assertThat(profile.trait("plan")).isEmpty();
        assertThat(profile.traits().get("plan").isCleared()).isTrue();
    }

    @ParameterizedTest(name = "key [{0}] is dropped")
    @ValueSource(strings = {"$set", "$where", "address.city", "a.b.c", "nul\u0000byte", " "})
    void keys_that_would_become_storage_paths_are_dropped_and_recorded(String key) {
        Profile profile = userProfile(identify().messageId("m-key").trait(key, "x").trait("ok", "y"));

        assertThat(profile.traits()).containsOnlyKeys("ok");
        assertThat(profile.refusals()).extracting(Refusal::type, Refusal::value, Refusal::reason, Refusal::messageId)
                .containsExactly(tuple("trait", key, RefusalReason.UNSAFE_TRAIT_KEY, "m-key"));
    }

    @Test
    void unsafe_keys_nested_in_a_value_drop_the_whole_trait() {
        Profile profile = userProfile(identify()
                .trait("address", Map.of("city", "Lyon", "$ne", "x"))
                .trait("tags", List.of(Map.of("a.b", 1))));

        assertThat(profile.traits()).isEmpty();
        assertThat(profile.refusals()).extracting(Refusal::value, Refusal::reason).containsExactlyInAnyOrder(
                tuple("address", RefusalReason.UNSAFE_TRAIT_KEY), tuple("tags", RefusalReason.UNSAFE_TRAIT_KEY));
    }

    @Test
    void strings_longer_than_the_limit_are_dropped_not_truncated_and_not_stored_in_the_refusal() {
        String atLimit = "a".repeat(2_048);
        String overLimit = "b".repeat(2_049);

        Profile profile = userProfile(identify().trait("bio", overLimit).trait("motto", atLimit)
                .trait("nested", Map.of("inner", overLimit)));

        assertThat(profile.trait("motto")).contains(atLimit);
        assertThat(profile.traits()).doesNotContainKeys("bio", "nested");
        assertThat(profile.refusals()).extracting(Refusal::value, Refusal::reason).containsExactlyInAnyOrder(
                tuple("bio", RefusalReason.TRAIT_VALUE_TOO_LONG), tuple("nested", RefusalReason.TRAIT_VALUE_TOO_LONG));
    }

    @Test
    void the_trait_value_limit_is_configurable() {
        ProfileConfig config = ProfileConfig.defaults().withLimits(new ProfileLimits(500, 3, 500, 200));

        Profile profile = ProfileFixtures.applyAlone(ProfileFixtures.fresh(),
                identify().userId("u-1").trait("a", "abc").trait("b", "abcd").build(), config);

        assertThat(profile.traits()).containsOnlyKeys("a");
    }

    @Test
    void new_keys_beyond_the_trait_limit_are_refused_while_existing_ones_still_update() {
        ProfileConfig config = ProfileConfig.defaults().withLimits(new ProfileLimits(2, 2_048, 500, 200));
        Profile profile = ProfileFixtures.applyAlone(ProfileFixtures.fresh(),
                identify().userId("u-1").atMinute(1).trait("a", 1L).trait("b", 1L).build(), config);

        profile = ProfileFixtures.applyAlone(profile,
                identify().userId("u-1").atMinute(2).trait("a", 2L).trait("c", 2L).build(), config);

        assertThat(profile.traits()).containsOnlyKeys("a", "b");
        assertThat(profile.trait("a")).contains(2L);
        assertThat(profile.refusals()).extracting(Refusal::value, Refusal::reason)
                .containsExactly(tuple("c", RefusalReason.TRAIT_LIMIT));
    }

    @Test
    void only_identify_calls_set_traits_and_opt_in_traits_become_consent_not_traits() {
        Profile profile = userProfile(
                TestEvents.track(EventNames.PRODUCT_VIEWED).contextTrait("plan", "pro"),
                identify().trait("emailOptIn", true).trait("name", "Ada"));

        assertThat(profile.traits()).containsOnlyKeys("name");
        assertThat(profile.consentStatus(ConsentChannel.EMAIL)).contains(ConsentStatus.SUBSCRIBED);
    }

    @Test
    void stored_values_cannot_be_changed_through_the_map_the_event_carried() {
        Map<String, Object> address = new HashMap<>(Map.of("city", "Lyon"));
        TraitValue value = new TraitValue(address, TestEvents.T0, "m");

        address.put("city", "Paris");

        assertThat(value.value()).isEqualTo(Map.of("city", "Lyon"));
    }
}
