package io.omnijourney.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SurveyLinksTest {

    private static final Instant EXPIRES = Instant.parse("2027-01-05T10:00:00Z");

    @Test
    void aLinkSaysWhichRequestWhichSurveyAndWhichScoreAndOnlyThisServiceCanMintOne() {
        String token = SurveyLinks.token("secret", "req-1", SurveyLinks.Kind.NPS, 9, EXPIRES);
        assertThat(SurveyLinks.parse("secret", token)).contains(
                new SurveyLinks.Answer("req-1", SurveyLinks.Kind.NPS, 9, EXPIRES));
        assertThat(SurveyLinks.parse("other-secret", token)).as("another key").isEmpty();
        String payload = token.substring(0, token.indexOf('.'));
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "survey|req-1|nps|10|1830000000".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        assertThat(payload).isNotEqualTo(forged.substring(0, forged.indexOf('.')));
        assertThat(SurveyLinks.parse("secret", forged)).as("another score under the same signature").isEmpty();
        assertThat(SurveyLinks.parse("secret", Signatures.token("secret", "req-1"))).as("an unsubscribe token")
                .isEmpty();
        assertThat(SurveyLinks.parse("secret", Signatures.token("secret", "survey|req-1|nps|11|1830000000")))
                .as("a score outside the scale").isEmpty();
        assertThat(SurveyLinks.parse("secret", "garbage")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void templatesGetEveryScoreOfEveryKindInOrder() {
        Map<String, Object> survey = SurveyLinks.templateData("https://n.example", "secret", "req-2", EXPIRES);
        List<Map<String, Object>> nps = (List<Map<String, Object>>) survey.get("nps");
        assertThat(nps).extracting(m -> m.get("score")).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(((List<?>) survey.get("csat"))).hasSize(5);
        assertThat(((List<?>) survey.get("ces"))).hasSize(5);
        String url = (String) nps.get(9).get("url");
        assertThat(url).startsWith("https://n.example/t/s/");
        assertThat(SurveyLinks.parse("secret", url.substring(url.lastIndexOf('/') + 1)))
                .hasValueSatisfying(a -> assertThat(a.score()).isEqualTo(9));
    }
}
