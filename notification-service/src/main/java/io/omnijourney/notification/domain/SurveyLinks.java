package io.omnijourney.notification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signed one-click survey answers: one link per score of each survey kind (NPS 0 to 10, CSAT and CES 1 to 5), each
 * naming the request it was sent with, its score and when it expires. Only this service can mint one (HMAC, see
 * {@link Signatures}); a link cannot be turned into another score or another request.
 */
public final class SurveyLinks {

    /** A kind of survey, its name (the touchpoint property profile-service reads) and its scores. */
    public enum Kind {
        NPS(0, 10), CSAT(1, 5), CES(1, 5);

        public final int min;
        public final int max;

        Kind(int min, int max) {
            this.min = min;
            this.max = max;
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Kind> parse(String value) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(value)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** What a survey link says. */
    public record Answer(String requestId, Kind kind, int score, Instant expiresAt) {
    }

    private static final String PREFIX = "survey";

    private SurveyLinks() {
    }

    public static String token(String secret, String requestId, Kind kind, int score, Instant expiresAt) {
        return Signatures.token(secret, String.join("|", PREFIX, requestId, kind.wireName(),
                String.valueOf(score), String.valueOf(expiresAt.getEpochSecond())));
    }

    /** The answer a token carries, if this service minted it for a survey (expired or not). */
    public static Optional<Answer> parse(String secret, String token) {
        return Signatures.verifyToken(secret, token).flatMap(payload -> {
            String[] parts = payload.split("\\|", -1);
            if (parts.length != 5 || !PREFIX.equals(parts[0]) || parts[1].isEmpty()) {
                return Optional.empty();
            }
            try {
                Optional<Kind> kind = Kind.parse(parts[2]);
                int score = Integer.parseInt(parts[3]);
                Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[4]));
                return kind.filter(k -> score >= k.min && score <= k.max)
                        .map(k -> new Answer(parts[1], k, score, expires));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * What templates see as {@code survey}: per kind a list of {@code {score, url}}, lowest score first, for
     * {@code {#for answer in survey.nps}<a href="{answer.url}">{answer.score}</a>{/for}}.
     */
    public static Map<String, Object> templateData(String baseUrl, String secret, String requestId,
            Instant expiresAt) {
        Map<String, Object> survey = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            List<Map<String, Object>> answers = new ArrayList<>();
            for (int score = kind.min; score <= kind.max; score++) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("score", (long) score);
                answer.put("url", baseUrl + "/t/s/" + token(secret, requestId, kind, score, expiresAt));
                answers.add(answer);
            }
            survey.put(kind.wireName(), answers);
        }
        return survey;
    }
}
