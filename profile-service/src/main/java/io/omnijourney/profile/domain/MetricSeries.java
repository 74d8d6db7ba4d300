package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.MessageFate;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The time series the console's dashboards draw, as bucketed counts kept up to date as touchpoints land on profiles
 * (each touchpoint counted once, when its timeline entry is first written): reading a series costs its buckets, never
 * the events behind them. Buckets start at UTC hour, day and week (Monday) boundaries.
 * <ul>
 *   <li>{@link Series#EVENTS}: touchpoints per source per hour ({@code events});</li>
 *   <li>{@link Series#DELIVERIES}: per message channel per day, notification-service's outcomes ({@code sent},
 *   {@code failed}, {@code suppressed}) and the reported fates ({@code delivered}, {@code opened}, {@code clicked},
 *   {@code bounced}, {@code complained}, {@code unsubscribed}; engagement events, so a message clicked in two click
 *   windows counts two clicks);</li>
 *   <li>{@link Series#SURVEYS}: per survey per week, the answers ({@code responses}) and for NPS {@code promoters}
 *   (9-10), {@code passives} and {@code detractors} (0-6), for CSAT (1-5) and CES (1-7) the {@code sum} of scores;
 *   and the survey messages sent ({@code sent}: notification-service's {@code Notification Sent} naming the survey);</li>
 *   <li>{@link Series#SURVEY_DAYS}: the same per survey per day, for scores and response rates over a window of days
 *   (the dashboards' current values) without reading the answers behind them.</li>
 * </ul>
 * Dimensions are values (a source id, a channel, a survey), never field names; counter names are this class's.
 */
public final class MetricSeries {

    /** A series and the length of its buckets. */
    public enum Series {
        EVENTS(ChronoUnit.HOURS), DELIVERIES(ChronoUnit.DAYS), SURVEYS(ChronoUnit.WEEKS), SURVEY_DAYS(ChronoUnit.DAYS);

        public final ChronoUnit bucket;

        Series(ChronoUnit bucket) {
            this.bucket = bucket;
        }

        /** {@code events}, {@code deliveries}, {@code surveys}, {@code survey-days}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The start of the bucket holding {@code at}. */
        public Instant bucketOf(Instant at) {
            return switch (this) {
                case EVENTS -> at.truncatedTo(ChronoUnit.HOURS);
                case DELIVERIES, SURVEY_DAYS -> at.truncatedTo(ChronoUnit.DAYS);
                case SURVEYS -> at.atZone(ZoneOffset.UTC).toLocalDate()
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            };
        }
    }

    /** Adds {@code n} to counter {@code field} of the bucket starting {@code at} of the series, for the dimension. */
    public record Increment(Series series, Instant at, String dimension, String field, long n) {
    }

    private static final Set<String> MESSAGE_CHANNELS = Set.of("email", "sms", "push", "webhook", "inbox",
            "whatsapp", "mobile", "web");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9:._/-]{1,100}");
    /** Notification-service's outcome of a suppressed request (not a contract name). */
    public static final String NOTIFICATION_SUPPRESSED = "Notification Suppressed";

    private MetricSeries() {
    }

    /** What a touchpoint adds to the series. */
    public static List<Increment> of(TouchpointEvent event) {
        List<Increment> increments = new ArrayList<>(3);
        Instant at = event.timestamp();
        if (at == null) {
            return increments;
        }
        String source = event.sourceId() != null && SOURCE.matcher(event.sourceId()).matches() ? event.sourceId()
                : "other";
        increments.add(new Increment(Series.EVENTS, Series.EVENTS.bucketOf(at), source, "events", 1));
        String name = event.event();
        if (name == null) {
            return increments;
        }
        Instant day = Series.DELIVERIES.bucketOf(at);
        String outcome = switch (name) {
            case EventNames.NOTIFICATION_SENT -> "sent";
            case EventNames.NOTIFICATION_FAILED -> "failed";
            case NOTIFICATION_SUPPRESSED -> "suppressed";
            default -> null;
        };
        if (outcome != null) {
            Object messageChannel = event.properties() == null ? null : event.properties().get("messageChannel");
            String channel = messageChannel instanceof String c && MESSAGE_CHANNELS.contains(c) ? c
                    : event.channel().wireName();
            increments.add(new Increment(Series.DELIVERIES, day, channel, outcome, 1));
        }
        MessageFate.of(event).ifPresent(fate -> increments.add(new Increment(Series.DELIVERIES, day,
                event.channel().wireName(), fate.wireName(), 1)));
        SurveyScale.askedBy(event).ifPresent(scale -> surveys(increments, at, scale.property(), "sent", 1));
        if (EventNames.SURVEY_RESPONDED.equals(name) && event.properties() != null) {
            for (SurveyScale scale : SurveyScale.values()) {
                scale.read(event.properties().get(scale.property())).ifPresent(score -> {
                    String survey = scale.property();
                    surveys(increments, at, survey, "responses", 1);
                    if (scale == SurveyScale.NPS) {
                        surveys(increments, at, survey,
                                score >= 9 ? "promoters" : score >= 7 ? "passives" : "detractors", 1);
                    } else {
                        surveys(increments, at, survey, "sum", score);
                    }
                });
            }
        }
        return increments;
    }

    /** The same count in the weekly and the daily survey series. */
    private static void surveys(List<Increment> increments, Instant at, String survey, String field, long n) {
        increments.add(new Increment(Series.SURVEYS, Series.SURVEYS.bucketOf(at), survey, field, n));
        increments.add(new Increment(Series.SURVEY_DAYS, Series.SURVEY_DAYS.bucketOf(at), survey, field, n));
    }
}
