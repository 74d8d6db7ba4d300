package io.omnijourney.notification.app;

import io.omnijourney.notification.domain.SurveyLinks;
import java.time.Instant;
import java.util.Optional;

/** The one answer each survey message counts ({@code _id} = its request id). */
public interface SurveyAnswerStore {

    /** A stored answer. */
    record StoredAnswer(String requestId, String profileId, String kind, int score, String comment, Instant at) {
    }

    Optional<StoredAnswer> find(String requestId);

    /** Stores the answer unless the request has one already; true when this one is stored. */
    boolean record(SurveyLinks.Answer answer, String profileId, String comment, Instant at);

    long purgeProfile(String profileId);
}
