package io.omnijourney.profile.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How many of the survey messages sent were answered: the sends are {@code Notification Sent} touchpoints whose
 * {@code survey} property names the survey their template asks ({@code nps}, {@code csat}, {@code ces}), an answer is a
 * {@code Survey Responded} naming the send's {@code requestId} (each message counts one answer, the first).
 *
 * @param all      every survey sent
 * @param bySurvey per survey kind
 */
public record SurveyResponseRates(Rate all, Map<String, Rate> bySurvey) {

    /** {@code rate} is answered over sent, null with nothing sent. */
    public record Rate(long sent, long answered, Double rate) {

        static Rate of(long sent, long answered) {
            return new Rate(sent, answered, sent == 0 ? null : answered / (double) sent);
        }
    }

    /**
     * @param sends    the properties of the survey sends (each with {@code requestId} and {@code survey})
     * @param answered the request ids answered
     */
    public static SurveyResponseRates of(Collection<Map<String, Object>> sends, Set<String> answered) {
        Map<String, long[]> counts = new TreeMap<>();
        long sent = 0;
        long answers = 0;
        for (Map<String, Object> send : sends) {
            if (!(send.get("survey") instanceof String kind) || !(send.get("requestId") instanceof String requestId)) {
                continue;
            }
            long[] c = counts.computeIfAbsent(kind, k -> new long[2]);
            boolean wasAnswered = answered.contains(requestId);
            c[0]++;
            sent++;
            if (wasAnswered) {
                c[1]++;
                answers++;
            }
        }
        Map<String, Rate> bySurvey = new TreeMap<>();
        counts.forEach((kind, c) -> bySurvey.put(kind, Rate.of(c[0], c[1])));
        return new SurveyResponseRates(Rate.of(sent, answers), bySurvey);
    }
}
