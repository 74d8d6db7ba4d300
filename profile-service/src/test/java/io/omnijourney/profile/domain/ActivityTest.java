package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.userProfile;
import static io.omnijourney.profile.domain.TestEvents.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityTest {

    @Test
    void each_channel_keeps_first_seen_last_seen_and_count_by_event_time() {
        Profile profile = userProfile(
                TestEvents.page().channel(Channel.WEB).atMinute(20),
                TestEvents.page().channel(Channel.WEB).atMinute(5),
                track(EventNames.EMAIL_OPENED).channel(Channel.EMAIL).atMinute(30),
                TestEvents.page().channel(Channel.WEB).atMinute(10));

        assertThat(profile.channels()).containsOnly(
                Map.entry(Channel.WEB, new ChannelStats(TestEvents.minutes(5), TestEvents.minutes(20), 3)),
                Map.entry(Channel.EMAIL, new ChannelStats(TestEvents.minutes(30), TestEvents.minutes(30), 1)));
    }

    @Test
    void track_events_count_by_name_and_other_calls_by_type() {
        Profile profile = userProfile(
                track(EventNames.ORDER_COMPLETED),
                track(EventNames.ORDER_COMPLETED),
                TestEvents.page(),
                TestEvents.identify(),
                track(EventNames.PRODUCT_VIEWED));

        assertThat(profile.eventCounters()).containsOnly(
                Map.entry("Order Completed", 2L), Map.entry("page", 1L), Map.entry("identify", 1L),
                Map.entry("Product Viewed", 1L));
    }

    @Test
    void distinct_event_names_are_bounded() {
        ProfileConfig config = ProfileConfig.defaults().withLimits(new ProfileLimits(500, 2_048, 2, 200));
        Profile profile = ProfileFixtures.fresh();
        for (String name : new String[] {"A", "B", "C", "A"}) {
            profile = ProfileFixtures.applyAlone(profile, track(name).userId("u-1").build(), config);
        }

        assertThat(profile.eventCounters()).containsOnly(Map.entry("A", 2L), Map.entry("B", 1L));
        assertThat(profile.refusals()).extracting(Refusal::value, Refusal::reason)
                .containsExactly(tuple("C", RefusalReason.COUNTER_LIMIT));
    }
}
