package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.CONFIG;
import static io.omnijourney.profile.domain.ProfileFixtures.anonymousId;
import static io.omnijourney.profile.domain.ProfileFixtures.applyAll;
import static io.omnijourney.profile.domain.ProfileFixtures.owning;
import static io.omnijourney.profile.domain.ProfileFixtures.userId;
import static io.omnijourney.profile.domain.TestEvents.identify;
import static io.omnijourney.profile.domain.TestEvents.minutes;
import static io.omnijourney.profile.domain.TestEvents.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MergeTest {

    private static final List<Identifier> LINKING = List.of(userId("u-1"), anonymousId("anon-1"));

    private static Profile survivor() {
        Profile created = Profile.create("p-survivor", TestEvents.T0.minus(Duration.ofHours(1)));
        return applyAll(created,
                identify().userId("u-1").atMinute(1).trait("plan", "pro").trait("city", "Lyon").trait("emailOptIn", true),
                track(EventNames.ORDER_COMPLETED).userId("u-1").atMinute(2).property("revenue", 100L),
                track(EventNames.SURVEY_RESPONDED).userId("u-1").atMinute(3).property("nps", 5L))
                .withSegments(Set.of("vip"));
    }

    private static Profile loser() {
        return applyAll(Profile.create("p-loser", TestEvents.T0),
                identify().anonymousId("anon-1").atMinute(0).trait("city", "Paris"),
                identify().anonymousId("anon-1").atMinute(4).trait("plan", "free"),
                track(EventNames.UNSUBSCRIBED).anonymousId("anon-1").channel(Channel.EMAIL).atMinute(5),
                track(EventNames.ORDER_COMPLETED).anonymousId("anon-1").channel(Channel.MOBILE).atMinute(6)
                        .property("revenue", 50L),
                track(EventNames.SURVEY_RESPONDED).anonymousId("anon-1").atMinute(7).property("nps", 9L))
                .withSegments(Set.of("cart-abandoner"));
    }

    private static Profile merged() {
        return survivor().mergeFrom(loser().markMergedInto("p-survivor"), "m-merge", minutes(8), LINKING, CONFIG);
    }

    @Test
    void identifiers_are_united() {
        assertThat(merged().identifierList()).containsExactlyInAnyOrder(userId("u-1"), anonymousId("anon-1"));
    }

    @Test
    void traits_are_last_write_wins_per_key() {
        Profile merged = merged();

        assertThat(merged.trait("plan")).contains("free");
        assertThat(merged.trait("city")).contains("Lyon");
    }

    @Test
    void consent_is_last_write_wins_per_channel() {
        assertThat(merged().consentStatus(ConsentChannel.EMAIL)).contains(ConsentStatus.UNSUBSCRIBED);
    }

    @Test
    void channel_statistics_take_the_earliest_first_the_latest_last_and_sum_counts() {
        assertThat(merged().channels()).containsOnly(
                Map.entry(Channel.WEB, new ChannelStats(minutes(0), minutes(7), 6)),
                Map.entry(Channel.EMAIL, new ChannelStats(minutes(5), minutes(5), 1)),
                Map.entry(Channel.MOBILE, new ChannelStats(minutes(6), minutes(6), 1)));
    }

    @Test
    void counters_and_computed_traits_are_combined() {
        Profile merged = merged();

        assertThat(merged.eventCounters()).containsOnly(Map.entry("identify", 3L), Map.entry("Order Completed", 2L),
                Map.entry("Survey Responded", 2L), Map.entry("Unsubscribed", 1L));
        assertThat(merged.computed().orderCount()).isEqualTo(2);
        assertThat(merged.computed().lifetimeRevenue()).isEqualByComparingTo("150");
        assertThat(merged.computed().lastOrderAt()).isEqualTo(minutes(6));
        assertThat(merged.computed().lastNps().value()).isEqualTo(9);
        assertThat(merged.computed().lastActivityAt()).isEqualTo(minutes(7));
    }

    @Test
    void segments_are_united_and_the_merge_is_recorded() {
        Profile merged = merged();

        assertThat(merged.segments()).containsExactly("cart-abandoner", "vip");
        assertThat(merged.merges()).containsExactly(new MergeRecord("p-loser", "m-merge", minutes(8), LINKING));
        assertThat(merged.hasAbsorbed("p-loser")).isTrue();
        assertThat(merged.id()).isEqualTo("p-survivor");
        assertThat(merged.createdAt()).isEqualTo(survivor().createdAt());
        assertThat(merged.isMerged()).isFalse();
    }

    @Test
    void absorbing_the_same_loser_again_changes_nothing() {
        Profile loser = loser().markMergedInto("p-survivor");
        Profile once = survivor().mergeFrom(loser, "m-merge", minutes(8), LINKING, CONFIG);

        assertThat(once.mergeFrom(loser, "m-retry", minutes(9), LINKING, CONFIG)).isSameAs(once);
    }

    @Test
    void merging_two_losers_in_either_order_gives_the_same_survivor() {
        Profile a = owning("p-a", minutes(1), anonymousId("a"));
        a = applyAll(a, identify().anonymousId("a").atMinute(2).trait("color", "red"),
                track(EventNames.ORDER_COMPLETED).anonymousId("a").property("revenue", 10L));
        Profile b = owning("p-b", minutes(2), anonymousId("b"));
        b = applyAll(b, identify().anonymousId("b").atMinute(2).messageId("zz").trait("color", "blue"),
                track(EventNames.ORDER_COMPLETED).anonymousId("b").property("revenue", 5L));
        Profile s = owning("p-s", minutes(0), userId("u-1"));
        Profile markedA = a.markMergedInto("p-s");
        Profile markedB = b.markMergedInto("p-s");

        Profile ab = s.mergeFrom(markedA, "m", minutes(9), List.of(), CONFIG)
                .mergeFrom(markedB, "m", minutes(9), List.of(), CONFIG);
        Profile ba = s.mergeFrom(markedB, "m", minutes(9), List.of(), CONFIG)
                .mergeFrom(markedA, "m", minutes(9), List.of(), CONFIG);

        assertThat(ab).isEqualTo(ba);
        assertThat(ab.trait("color")).contains("blue");
    }

    @Test
    void what_a_loser_absorbed_earlier_counts_as_absorbed_by_its_survivor() {
        Profile c = owning("p-c", minutes(3), anonymousId("c")).markMergedInto("p-b");
        Profile b = owning("p-b", minutes(2), anonymousId("b")).mergeFrom(c, "m1", minutes(4), List.of(), CONFIG);
        Profile a = owning("p-a", minutes(1), userId("u-1"))
                .mergeFrom(b.markMergedInto("p-a"), "m2", minutes(5), List.of(), CONFIG);

        assertThat(a.hasAbsorbed("p-c")).isTrue();
        assertThat(a.mergeFrom(c, "m3", minutes(6), List.of(), CONFIG)).isSameAs(a);
        assertThat(a.identifierList()).containsExactlyInAnyOrder(userId("u-1"), anonymousId("b"), anonymousId("c"));
    }

    @Test
    void only_a_marked_and_younger_profile_can_be_absorbed() {
        Profile older = owning("p-old", minutes(1), anonymousId("x"));
        Profile younger = owning("p-young", minutes(2), anonymousId("y"));

        assertThatThrownBy(() -> older.mergeFrom(younger, "m", minutes(3), List.of(), CONFIG))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> younger.mergeFrom(older.markMergedInto("p-young"), "m", minutes(3), List.of(), CONFIG))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void profiles_with_different_user_ids_never_merge_and_the_loser_can_be_reopened() {
        Profile alice = owning("p-alice", minutes(1), userId("alice"));
        Profile bob = owning("p-bob", minutes(2), userId("bob")).markMergedInto("p-alice");

        assertThatThrownBy(() -> alice.mergeFrom(bob, "m", minutes(3), List.of(), CONFIG))
                .isInstanceOf(IdentityConflictException.class);
        assertThat(bob.reopen().isMerged()).isFalse();
    }

    @Test
    void a_redirect_takes_no_events_and_cannot_be_marked_for_another_survivor() {
        Profile redirect = owning("p-b", minutes(2), anonymousId("b")).markMergedInto("p-a");

        assertThat(redirect.markMergedInto("p-a")).isSameAs(redirect);
        assertThatThrownBy(() -> redirect.markMergedInto("p-c")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> redirect.apply(TestEvents.page().anonymousId("b").build(),
                new Resolution.AttachTo("p-b", List.of(), List.of()), CONFIG)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_merge_resolution_applies_only_after_the_losers_were_absorbed() {
        Profile survivor = owning("p-a", minutes(1), userId("u-1"));
        Resolution merge = new Resolution.Merge("p-a", List.of("p-b"), List.of(), List.of(), List.of());

        assertThatThrownBy(() -> survivor.apply(TestEvents.page().userId("u-1").build(), merge, CONFIG))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("p-b");
    }

    @Test
    void limits_still_hold_when_a_merge_was_decided_on_stale_state() {
        IdentityConfig oneEmail = IdentityConfig.defaults().withLimit(IdentifierType.EMAIL, 1);
        ProfileConfig config = CONFIG.withIdentity(oneEmail);
        Profile survivor = owning("p-a", minutes(1), ProfileFixtures.email("a@example.org"));
        Profile loser = owning("p-b", minutes(2), ProfileFixtures.email("b@example.org")).markMergedInto("p-a");

        Profile merged = survivor.mergeFrom(loser, "m-race", minutes(3), List.of(), config);

        assertThat(merged.identifierList()).containsExactly(ProfileFixtures.email("a@example.org"));
        assertThat(merged.refusals()).extracting(Refusal::value, Refusal::reason, Refusal::messageId)
                .containsExactly(org.assertj.core.api.Assertions.tuple("b@example.org", RefusalReason.IDENTIFIER_LIMIT,
                        "m-race"));
    }
}
