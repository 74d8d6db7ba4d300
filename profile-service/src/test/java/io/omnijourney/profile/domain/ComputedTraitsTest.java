package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.userProfile;
import static io.omnijourney.profile.domain.TestEvents.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omnijourney.contract.touchpoint.EventNames;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ComputedTraitsTest {

    private static TestEvents order(Object revenue) {
        return track(EventNames.ORDER_COMPLETED).property("revenue", revenue);
    }

    @Test
    void completed_orders_count_and_sum_revenue_exactly() {
        Profile profile = userProfile(order(19.99).atMinute(1), order(0.1).atMinute(2), order(0.2).atMinute(3),
                order(10L).atMinute(4));

        assertThat(profile.computed().orderCount()).isEqualTo(4);
        assertThat(profile.computed().lifetimeRevenue()).isEqualByComparingTo("30.29");
    }

    @Test
    void total_is_used_when_revenue_is_absent_and_revenue_wins_when_both_are_there() {
        Profile profile = userProfile(
                track(EventNames.ORDER_COMPLETED).property("total", "30.01"),
                track(EventNames.ORDER_COMPLETED).property("revenue", 5L).property("total", 6L));

        assertThat(profile.computed().lifetimeRevenue()).isEqualByComparingTo("35.01");
    }

    @Test
    void last_order_at_is_the_latest_order_whatever_the_delivery_order() {
        Profile profile = userProfile(order(1L).atMinute(30), order(1L).atMinute(10));

        assertThat(profile.computed().lastOrderAt()).isEqualTo(TestEvents.minutes(30));
    }

    @Test
    void refunds_are_counted_and_subtracted_without_uncounting_the_order() {
        Profile profile = userProfile(
                order(100L).atMinute(1),
                order(50L).atMinute(2),
                track(EventNames.ORDER_REFUNDED).property("total", 50L).atMinute(3),
                track(EventNames.ORDER_REFUNDED).property("revenue", -20.5).atMinute(4));

        assertThat(profile.computed().orderCount()).isEqualTo(2);
        assertThat(profile.computed().refundCount()).isEqualTo(2);
        assertThat(profile.computed().lifetimeRevenue()).isEqualByComparingTo("79.5");
    }

    @Test
    void unusable_amounts_are_refused_but_the_order_still_counts() {
        Profile profile = userProfile(order("lots").messageId("m-1"), order(-5L).messageId("m-2"),
                order(Double.NaN).messageId("m-3"), order("1e-999999999").messageId("m-4"));

        assertThat(profile.computed().orderCount()).isEqualTo(4);
        assertThat(profile.computed().lifetimeRevenue()).isEqualByComparingTo("0");
        assertThat(profile.refusals()).extracting(Refusal::type, Refusal::reason, Refusal::messageId).containsExactly(
                tuple("revenue", RefusalReason.INVALID_AMOUNT, "m-1"),
                tuple("revenue", RefusalReason.INVALID_AMOUNT, "m-2"),
                tuple("revenue", RefusalReason.INVALID_AMOUNT, "m-3"),
                tuple("revenue", RefusalReason.INVALID_AMOUNT, "m-4"));
    }

    @Test
    void survey_scores_are_kept_with_their_time_and_message() {
        Profile profile = userProfile(track(EventNames.SURVEY_RESPONDED).messageId("m-s").atMinute(8)
                .property("nps", 9L).property("csat", 4L).property("ces", 2.0));

        assertThat(profile.computed().lastNps()).isEqualTo(new Score(9, TestEvents.minutes(8), "m-s"));
        assertThat(profile.computed().lastCsat().value()).isEqualTo(4);
        assertThat(profile.computed().lastCes().value()).isEqualTo(2);
    }

    @Test
    void out_of_range_scores_are_refused_recorded_and_keep_the_previous_score() {
        Profile profile = userProfile(
                track(EventNames.SURVEY_RESPONDED).atMinute(1).property("nps", 0L).property("csat", 5L).property("ces", 7L),
                track(EventNames.SURVEY_RESPONDED).atMinute(2).property("nps", 11L).property("csat", 0L)
                        .property("ces", 8L),
                track(EventNames.SURVEY_RESPONDED).atMinute(3).property("nps", 7.5).property("csat", "great"));

        assertThat(profile.computed().lastNps().value()).isZero();
        assertThat(profile.computed().lastCsat().value()).isEqualTo(5);
        assertThat(profile.computed().lastCes().value()).isEqualTo(7);
        assertThat(profile.refusals()).extracting(Refusal::type, Refusal::value, Refusal::reason).containsExactly(
                tuple("ces", "8", RefusalReason.SCORE_OUT_OF_RANGE),
                tuple("csat", "0", RefusalReason.SCORE_OUT_OF_RANGE),
                tuple("nps", "11", RefusalReason.SCORE_OUT_OF_RANGE),
                tuple("csat", "great", RefusalReason.SCORE_OUT_OF_RANGE),
                tuple("nps", "7.5", RefusalReason.SCORE_OUT_OF_RANGE));
    }

    @Test
    void a_late_older_survey_response_does_not_replace_a_newer_score() {
        Profile profile = userProfile(
                track(EventNames.SURVEY_RESPONDED).atMinute(10).property("nps", 3L),
                track(EventNames.SURVEY_RESPONDED).atMinute(5).property("nps", 10L));

        assertThat(profile.computed().lastNps().value()).isEqualTo(3);
    }

    @Test
    void our_own_sends_and_delivery_reports_are_not_activity() {
        Profile profile = userProfile(
                TestEvents.page().atMinute(1),
                track(EventNames.EMAIL_DELIVERED).atMinute(50),
                track(EventNames.NOTIFICATION_SENT).atMinute(60),
                track(EventNames.EMAIL_OPENED).atMinute(20));

        assertThat(profile.computed().lastActivityAt()).isEqualTo(TestEvents.minutes(20));
    }

    @Test
    void days_since_last_activity_is_computed_on_read_in_whole_days_and_never_negative() {
        Profile profile = userProfile(TestEvents.page().at(TestEvents.T0));

        assertThat(profile.daysSinceLastActivity(TestEvents.T0.plus(Duration.ofHours(71)))).hasValue(2);
        assertThat(profile.daysSinceLastActivity(TestEvents.T0.plus(Duration.ofDays(30)))).hasValue(30);
        assertThat(profile.daysSinceLastActivity(TestEvents.T0.minus(Duration.ofDays(1)))).hasValue(0);
        assertThat(ProfileFixtures.fresh().daysSinceLastActivity(TestEvents.T0)).isEmpty();
    }

    @Test
    void amounts_keep_at_most_four_decimals() {
        assertThat(Amounts.parse(0.123456)).contains(new BigDecimal("0.1235"));
        assertThat(Amounts.parse("12.5")).contains(new BigDecimal("12.5"));
        assertThat(Amounts.parse("1e13")).isEmpty();
    }
}
