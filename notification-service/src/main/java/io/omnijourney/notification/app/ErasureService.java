package io.omnijourney.notification.app;

import java.time.Instant;

/**
 * GDPR erasure of what this service holds of a profile. The id is remembered first, so a request arriving during or
 * after the purge is suppressed; every step is idempotent, so a redelivered erasure completes an interrupted one.
 */
public class ErasureService {

    private final ProfileStates profiles;
    private final Ledger ledger;
    private final InboxStore inbox;
    private final LinkStore links;
    private final DailyCaps caps;
    private final SurveyAnswerStore surveyAnswers;

    public ErasureService(ProfileStates profiles, Ledger ledger, InboxStore inbox, LinkStore links, DailyCaps caps,
            SurveyAnswerStore surveyAnswers) {
        this.surveyAnswers = surveyAnswers;
        this.profiles = profiles;
        this.ledger = ledger;
        this.inbox = inbox;
        this.links = links;
        this.caps = caps;
    }

    public void erase(String profileId, Instant at) {
        profiles.markErased(profileId, at);
        ledger.purgeProfile(profileId);
        inbox.purgeProfile(profileId);
        links.purgeProfile(profileId);
        caps.purgeProfile(profileId);
        surveyAnswers.purgeProfile(profileId);
    }
}
