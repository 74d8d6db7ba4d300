package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.userProfile;
import static io.omnijourney.profile.domain.TestEvents.identify;
import static io.omnijourney.profile.domain.TestEvents.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import org.junit.jupiter.api.Test;

class ConsentTest {

    @Test
    void unsubscribed_applies_to_the_channel_the_event_arrived_on_with_time_and_message() {
        Profile profile = userProfile(track(EventNames.UNSUBSCRIBED).channel(Channel.EMAIL).messageId("m-unsub").atMinute(3));

        assertThat(profile.consent().get(ConsentChannel.EMAIL))
                .isEqualTo(new ConsentState(ConsentStatus.UNSUBSCRIBED, TestEvents.minutes(3), "m-unsub"));
        assertThat(profile.consent()).containsOnlyKeys(ConsentChannel.EMAIL);
    }

    @Test
    void the_channel_property_overrides_the_event_channel() {
        Profile profile = userProfile(track(EventNames.UNSUBSCRIBED).channel(Channel.WEB).property("channel", "SMS"));

        assertThat(profile.consentStatus(ConsentChannel.SMS)).contains(ConsentStatus.UNSUBSCRIBED);
    }

    @Test
    void an_unsubscribe_without_a_consent_channel_changes_nothing_and_is_recorded() {
        Profile profile = userProfile(
                track(EventNames.UNSUBSCRIBED).channel(Channel.WEB),
                track(EventNames.UNSUBSCRIBED).channel(Channel.SMS).property("channel", "fax"));

        assertThat(profile.consent()).isEmpty();
        assertThat(profile.refusals()).extracting(Refusal::type, Refusal::value, Refusal::reason).containsExactly(
                tuple("consent", "channel=web", RefusalReason.INVALID_CONSENT),
                tuple("consent", "channel=fax", RefusalReason.INVALID_CONSENT));
    }

    @Test
    void resubscribed_subscribes_again() {
        Profile profile = userProfile(
                track(EventNames.UNSUBSCRIBED).channel(Channel.PUSH).atMinute(1),
                track(EventNames.RESUBSCRIBED).channel(Channel.PUSH).atMinute(2));

        assertThat(profile.consentStatus(ConsentChannel.PUSH)).contains(ConsentStatus.SUBSCRIBED);
    }

    @Test
    void a_hard_bounce_marks_email_bounced_and_a_soft_bounce_does_not() {
        Profile soft = userProfile(track(EventNames.EMAIL_BOUNCED).channel(Channel.EMAIL).property("bounceType", "soft"));
        Profile hard = userProfile(track(EventNames.EMAIL_BOUNCED).channel(Channel.EMAIL).property("bounceType", "HARD"));

        assertThat(soft.consentStatus(ConsentChannel.EMAIL)).isEmpty();
        assertThat(hard.consentStatus(ConsentChannel.EMAIL)).contains(ConsentStatus.BOUNCED);
    }

    @Test
    void a_spam_complaint_marks_email_complained() {
        Profile profile = userProfile(track(EventNames.EMAIL_MARKED_AS_SPAM).channel(Channel.EMAIL));

        assertThat(profile.consentStatus(ConsentChannel.EMAIL)).contains(ConsentStatus.COMPLAINED);
    }

    @Test
    void opt_in_traits_on_identify_set_consent_per_channel() {
        Profile profile = userProfile(identify().trait("emailOptIn", true).trait("smsOptIn", false).trait("pushOptIn", true));

        assertThat(profile.consentStatus(ConsentChannel.EMAIL)).contains(ConsentStatus.SUBSCRIBED);
        assertThat(profile.consentStatus(ConsentChannel.SMS)).contains(ConsentStatus.UNSUBSCRIBED);
        assertThat(profile.consentStatus(ConsentChannel.PUSH)).contains(ConsentStatus.SUBSCRIBED);
    }

    @Test
    void an_opt_in_trait_that_is_not_a_boolean_is_refused() {
        Profile profile = userProfile(identify().trait("emailOptIn", "yes"));

        assertThat(profile.consent()).isEmpty();
        assertThat(profile.refusals()).extracting(Refusal::value, Refusal::reason)
                .containsExactly(tuple("emailOptIn=yes", RefusalReason.INVALID_CONSENT));
    }

    @Test
    void a_late_older_resubscribe_does_not_undo_a_newer_unsubscribe() {
        Profile profile = userProfile(
                track(EventNames.UNSUBSCRIBED).channel(Channel.EMAIL).atMinute(10).messageId("m-unsub"),
                track(EventNames.RESUBSCRIBED).channel(Channel.EMAIL).atMinute(5),
                identify().trait("emailOptIn", true).atMinute(7));

        assertThat(profile.consent().get(ConsentChannel.EMAIL))
                .isEqualTo(new ConsentState(ConsentStatus.UNSUBSCRIBED, TestEvents.minutes(10), "m-unsub"));
    }

    @Test
    void consent_follows_event_time_not_delivery_order() {
        Profile profile = userProfile(
                track(EventNames.EMAIL_BOUNCED).channel(Channel.EMAIL).property("bounceType", "hard").atMinute(1),
                track(EventNames.RESUBSCRIBED).channel(Channel.EMAIL).atMinute(9),
                track(EventNames.EMAIL_MARKED_AS_SPAM).channel(Channel.EMAIL).atMinute(4));

        assertThat(profile.consentStatus(ConsentChannel.EMAIL)).contains(ConsentStatus.SUBSCRIBED);
    }
}
