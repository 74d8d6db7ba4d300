package io.omnijourney.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.profile.domain.MetricSeries.Increment;
import io.omnijourney.profile.domain.MetricSeries.Series;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricSeriesTest {

    private static final Instant SUNDAY_NIGHT = Instant.parse("2026-09-13T23:59:59Z");

    private static TouchpointEvent event(String name, Channel channel, String source, Map<String, Object> properties) {
        return TouchpointEventBuilder.of(EventType.TRACK).messageId("m").event(name).userId("u").properties(properties)
                .channel(channel).sourceId(source).timestamp(SUNDAY_NIGHT).receivedAt(SUNDAY_NIGHT).build();
    }

    @Test
    void bucketsStartAtUtcHoursDaysAndMondays() {
        assertThat(Series.EVENTS.bucketOf(SUNDAY_NIGHT)).isEqualTo(Instant.parse("2026-09-13T23:00:00Z"));
        assertThat(Series.DELIVERIES.bucketOf(SUNDAY_NIGHT)).isEqualTo(Instant.parse("2026-09-13T00:00:00Z"));
        assertThat(Series.SURVEYS.bucketOf(SUNDAY_NIGHT)).isEqualTo(Instant.parse("2026-09-07T00:00:00Z"));
        assertThat(Series.SURVEY_DAYS.bucketOf(SUNDAY_NIGHT)).isEqualTo(Instant.parse("2026-09-13T00:00:00Z"));
        assertThat(Series.SURVEY_DAYS.wireName()).isEqualTo("survey-days");
        assertThat(Series.SURVEYS.bucketOf(Instant.parse("2026-09-14T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-09-14T00:00:00Z"));
    }

    @Test
    void anOutcomeCountsOnItsMessageChannelAndEveryEventOnItsSource() {
        assertThat(MetricSeries.of(event("Notification Sent", Channel.MOBILE, "notification-service",
                Map.of("messageChannel", "inbox")))).containsExactly(
                new Increment(Series.EVENTS, Instant.parse("2026-09-13T23:00:00Z"), "notification-service", "events", 1),
                new Increment(Series.DELIVERIES, Instant.parse("2026-09-13T00:00:00Z"), "inbox", "sent", 1));
        assertThat(MetricSeries.of(event("Notification Failed", Channel.SMS, "s", Map.of("messageChannel",
                "$where")))).contains(new Increment(Series.DELIVERIES, Instant.parse("2026-09-13T00:00:00Z"), "sms",
                "failed", 1));
        assertThat(MetricSeries.of(event("Page Viewed", Channel.WEB, "a b{}", Map.of()))).containsExactly(
                new Increment(Series.EVENTS, Instant.parse("2026-09-13T23:00:00Z"), "other", "events", 1));
    }

    @Test
    void surveyAnswersCountByKindInRangeOnly() {
        assertThat(MetricSeries.of(event("Survey Responded", Channel.EMAIL, "s", Map.of("nps", 8L, "ces", 9L,
                "csat", 2L)))).containsExactly(
                new Increment(Series.EVENTS, Instant.parse("2026-09-13T23:00:00Z"), "s", "events", 1),
                new Increment(Series.SURVEYS, Instant.parse("2026-09-07T00:00:00Z"), "nps", "responses", 1),
                new Increment(Series.SURVEY_DAYS, Instant.parse("2026-09-13T00:00:00Z"), "nps", "responses", 1),
                new Increment(Series.SURVEYS, Instant.parse("2026-09-07T00:00:00Z"), "nps", "passives", 1),
                new Increment(Series.SURVEY_DAYS, Instant.parse("2026-09-13T00:00:00Z"), "nps", "passives", 1),
                new Increment(Series.SURVEYS, Instant.parse("2026-09-07T00:00:00Z"), "csat", "responses", 1),
                new Increment(Series.SURVEY_DAYS, Instant.parse("2026-09-13T00:00:00Z"), "csat", "responses", 1),
                new Increment(Series.SURVEYS, Instant.parse("2026-09-07T00:00:00Z"), "csat", "sum", 2),
                new Increment(Series.SURVEY_DAYS, Instant.parse("2026-09-13T00:00:00Z"), "csat", "sum", 2));
    }

    @Test
    void aSurveySendCountsAsSentUnderItsSurveyOnlyForAKnownSurvey() {
        assertThat(MetricSeries.of(event("Notification Sent", Channel.EMAIL, "notification-service",
                Map.of("survey", "nps", "messageChannel", "email")))).contains(
                new Increment(Series.SURVEYS, Instant.parse("2026-09-07T00:00:00Z"), "nps", "sent", 1),
                new Increment(Series.SURVEY_DAYS, Instant.parse("2026-09-13T00:00:00Z"), "nps", "sent", 1));
        assertThat(MetricSeries.of(event("Notification Sent", Channel.EMAIL, "notification-service",
                Map.of("survey", "c.$x", "messageChannel", "email"))))
                .noneMatch(i -> i.series() == Series.SURVEYS || i.series() == Series.SURVEY_DAYS);
    }
}
