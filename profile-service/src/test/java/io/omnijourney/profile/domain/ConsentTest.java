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

        assertThat(profile.consent().get(ConsentChannel.EMAIL)).as("the provider's unsubscribe, ordered at receipt")
                .isEqualTo(new ConsentState(ConsentStatus.UNSUBSCRIBED, TestEvents.minutes(3).plusSeconds(1), "m-unsub",
                        SignalSource.PROVIDER_UNSUBSCRIBE, TestEvents.minutes(3), TestEvents.minutes(3).plusSeconds(1)));
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

        assertThat(profile.consent().get(ConsentChannel.EMAIL)).extracting(ConsentState::status,
                        ConsentState::messageId, ConsentState::updatedAt)
                .containsExactly(ConsentStatus.UNSUBSCRIBED, "m-unsub", TestEvents.minutes(10).plusSeconds(1));
    }

    private static final java.time.Instant FAR_FUTURE = java.time.Instant.parse("9999-12-31T23:59:59Z");

    private static TestEvents adminOverride(String event, String channel) {
        return track(event).channel(Channel.SYSTEM).sourceId("profile-service").property("channel", channel);
    }

    @Test
    void a_client_signal_from_the_far_future_is_ordered_at_its_receipt_and_a_later_admin_override_wins() {
        Profile profile = userProfile(
                track(EventNames.RESUBSCRIBED).channel(Channel.WEB).property("channel", "email").messageId("m-client")
                        .at(FAR_FUTURE).receivedAt(TestEvents.minutes(1)),
                adminOverride(EventNames.UNSUBSCRIBED, "email").messageId("m-admin").atMinute(2));

        ConsentState email = profile.consent().get(ConsentChannel.EMAIL);
        assertThat(email.status()).isEqualTo(ConsentStatus.UNSUBSCRIBED);
        assertThat(email.source()).isEqualTo(SignalSource.ADMIN_OVERRIDE);
        assertThat(email.updatedAt()).isEqualTo(TestEvents.minutes(2).plusSeconds(1));
        assertThat(profile.consentHistory()).extracting(c -> c.state().messageId(), c -> c.state().source(),
                        c -> c.state().eventAt(), c -> c.state().receivedAt(), c -> c.state().updatedAt())
                .containsExactly(
                        tuple("m-client", SignalSource.CLIENT, FAR_FUTURE, TestEvents.minutes(1), TestEvents.minutes(1)),
                        tuple("m-admin", SignalSource.ADMIN_OVERRIDE, TestEvents.minutes(2),
                                TestEvents.minutes(2).plusSeconds(1), TestEvents.minutes(2).plusSeconds(1)));
    }

    @Test
    void the_override_wins_whichever_arrives_first_at_the_profile() {
        TestEvents client = track(EventNames.RESUBSCRIBED).channel(Channel.MOBILE).property("channel", "push")
                .at(FAR_FUTURE).receivedAt(TestEvents.minutes(1));
        TestEvents admin = adminOverride(EventNames.UNSUBSCRIBED, "push").atMinute(2);

        Profile adminDeliveredFirst = userProfile(admin, client);

        assertThat(adminDeliveredFirst.consentStatus(ConsentChannel.PUSH)).contains(ConsentStatus.UNSUBSCRIBED);
    }

    @Test
    void an_operator_action_wins_a_tie_with_a_client_signal_received_at_the_same_instant() {
        java.time.Instant instant = TestEvents.minutes(5);
        Profile profile = userProfile(
                adminOverride(EventNames.UNSUBSCRIBED, "sms").messageId("a-admin").at(instant).receivedAt(instant),
                track(EventNames.RESUBSCRIBED).property("channel", "sms").messageId("z-client").at(instant)
                        .receivedAt(instant));

        assertThat(profile.consentStatus(ConsentChannel.SMS)).as("the client's messageId sorts later, yet it loses")
                .contains(ConsentStatus.UNSUBSCRIBED);
    }

    @Test
    void a_client_signal_received_after_an_operator_action_can_still_change_consent_back() {
        Profile resubscribedLater = userProfile(
                track(EventNames.EMAIL_MARKED_AS_SPAM).channel(Channel.EMAIL).atMinute(2),
                track(EventNames.RESUBSCRIBED).property("channel", "email").atMinute(4));
        Profile backdated = userProfile(
                adminOverride(EventNames.UNSUBSCRIBED, "email").atMinute(2),
                track(EventNames.RESUBSCRIBED).property("channel", "email").atMinute(1)
                        .receivedAt(TestEvents.minutes(4)));

        assertThat(resubscribedLater.consentStatus(ConsentChannel.EMAIL)).contains(ConsentStatus.SUBSCRIBED);
        assertThat(backdated.consentStatus(ConsentChannel.EMAIL)).as("ordered at its event time, before the override")
                .contains(ConsentStatus.UNSUBSCRIBED);
    }

    @Test
    void provider_stop_one_click_unsubscribe_bounces_and_complaints_are_operator_actions() {
        assertThat(SignalSource.of(track(EventNames.UNSUBSCRIBED).channel(Channel.SMS).build()))
                .isEqualTo(SignalSource.PROVIDER_STOP);
        assertThat(SignalSource.of(track(EventNames.UNSUBSCRIBED).channel(Channel.EMAIL)
                .sourceId("notification-service").build())).isEqualTo(SignalSource.ONE_CLICK_UNSUBSCRIBE);
        assertThat(SignalSource.of(track(EventNames.EMAIL_BOUNCED).channel(Channel.EMAIL).build()))
                .isEqualTo(SignalSource.PROVIDER_BOUNCE);
        assertThat(SignalSource.of(track(EventNames.EMAIL_MARKED_AS_SPAM).channel(Channel.EMAIL).build()))
                .isEqualTo(SignalSource.PROVIDER_COMPLAINT);
        assertThat(SignalSource.of(adminOverride(EventNames.RESUBSCRIBED, "email").build()))
                .isEqualTo(SignalSource.ADMIN_OVERRIDE);
        assertThat(SignalSource.of(track(EventNames.UNSUBSCRIBED).channel(Channel.WEB).build()))
                .isEqualTo(SignalSource.CLIENT);
        assertThat(SignalSource.of(track(EventNames.UNSUBSCRIBED).channel(Channel.STORE).build()))
                .isEqualTo(SignalSource.CLIENT);

        Profile stopped = userProfile(
                track(EventNames.RESUBSCRIBED).channel(Channel.MOBILE).property("channel", "sms").at(FAR_FUTURE)
                        .receivedAt(TestEvents.minutes(1)),
                track(EventNames.UNSUBSCRIBED).channel(Channel.SMS).atMinute(3));
        assertThat(stopped.consentStatus(ConsentChannel.SMS)).contains(ConsentStatus.UNSUBSCRIBED);
    }

    @Test
    void a_whatsapp_stop_is_the_providers_stop_and_unsubscribes_whatsapp_only() {
        Profile profile = userProfile(
                identify().trait("smsOptIn", true).trait("whatsappOptIn", true).atMinute(1),
                track(EventNames.WHATSAPP_RECEIVED).channel(Channel.WHATSAPP).atMinute(2),
                track(EventNames.UNSUBSCRIBED).channel(Channel.WHATSAPP).property("channel", "whatsapp")
                        .messageId("m-stop").atMinute(2));

        assertThat(SignalSource.of(track(EventNames.UNSUBSCRIBED).channel(Channel.WHATSAPP).build()))
                .isEqualTo(SignalSource.PROVIDER_STOP);
        assertThat(SignalSource.of(track(EventNames.WHATSAPP_RECEIVED).channel(Channel.WHATSAPP).build()))
                .isEqualTo(SignalSource.SERVICE);
        assertThat(profile.consentStatus(ConsentChannel.WHATSAPP)).contains(ConsentStatus.UNSUBSCRIBED);
        assertThat(profile.consent().get(ConsentChannel.WHATSAPP).source()).isEqualTo(SignalSource.PROVIDER_STOP);
        assertThat(profile.consentStatus(ConsentChannel.SMS)).contains(ConsentStatus.SUBSCRIBED);
    }

    @Test
    void the_whatsapp_opt_in_trait_is_whatsapp_consent_not_a_trait() {
        Profile optedIn = userProfile(identify().trait("whatsappOptIn", true));
        Profile optedOut = userProfile(identify().trait("whatsappOptIn", false));

        assertThat(optedIn.consentStatus(ConsentChannel.WHATSAPP)).contains(ConsentStatus.SUBSCRIBED);
        assertThat(optedIn.consent()).containsOnlyKeys(ConsentChannel.WHATSAPP);
        assertThat(optedIn.traits()).doesNotContainKey("whatsappOptIn");
        assertThat(optedOut.consentStatus(ConsentChannel.WHATSAPP)).contains(ConsentStatus.UNSUBSCRIBED);
        assertThat(ConsentChannel.of(Channel.WHATSAPP)).contains(ConsentChannel.WHATSAPP);
        assertThat(ConsentChannel.parse("WhatsApp")).contains(ConsentChannel.WHATSAPP);
    }

    @Test
    void the_consent_history_keeps_the_newest_hundred_changes() {
        TestEvents[] events = new TestEvents[120];
        for (int i = 0; i < events.length; i++) {
            events[i] = track(i % 2 == 0 ? EventNames.UNSUBSCRIBED : EventNames.RESUBSCRIBED)
                    .property("channel", "email").messageId(String.format("m-%03d", i)).atMinute(i);
        }
        Profile profile = userProfile(events);

        assertThat(profile.consentHistory()).hasSize(ConsentChange.MAX_HISTORY);
        assertThat(profile.consentHistory().get(0).state().messageId()).isEqualTo("m-020");
        assertThat(profile.consentHistory().get(99).state().messageId()).isEqualTo("m-119");
        assertThat(profile.consentStatus(ConsentChannel.EMAIL)).contains(ConsentStatus.SUBSCRIBED);
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
