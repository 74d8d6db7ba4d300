package io.omnijourney.notification.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.notification.domain.MessageChannel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which inbound messages are survey scores ({@link ProfileEventIntake#reply}). */
class SurveyRepliesTest {

    private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");

    private static ProfileEvent inbound(String event, Channel channel, Object body) {
        return ProfileEvent.touchpoint("p-1", TouchpointEventBuilder.of(EventType.TRACK).messageId("m-1").event(event)
                .userId("u").properties(Map.of("body", body)).channel(channel).sourceId("twilio").timestamp(AT)
                .receivedAt(AT).build(), new ProfileSnapshot(Map.of("userId", List.of("u")), Map.of(), Map.of(),
                        Map.of(), List.of()));
    }

    @Test
    void aScoreAloneOnSmsOrWhatsAppIsAReplyOnThatChannel() {
        assertThat(ProfileEventIntake.reply(inbound("SMS Received", Channel.SMS, " 9! ")).orElseThrow())
                .isEqualTo(new ProfileEventIntake.Reply("p-1", MessageChannel.SMS, 9, AT));
        assertThat(ProfileEventIntake.reply(inbound("WhatsApp Received", Channel.WHATSAPP, "10")).orElseThrow())
                .isEqualTo(new ProfileEventIntake.Reply("p-1", MessageChannel.WHATSAPP, 10, AT));
        assertThat(ProfileEventIntake.reply(inbound("SMS Received", Channel.SMS, "0.")).orElseThrow().score())
                .isZero();
    }

    @Test
    void textOtherScoresAndOtherEventsOrChannelsAreNone() {
        assertThat(ProfileEventIntake.reply(inbound("SMS Received", Channel.SMS, "11"))).isEmpty();
        assertThat(ProfileEventIntake.reply(inbound("SMS Received", Channel.SMS, "9 stars"))).isEmpty();
        assertThat(ProfileEventIntake.reply(inbound("SMS Received", Channel.SMS, "-1"))).isEmpty();
        assertThat(ProfileEventIntake.reply(inbound("SMS Received", Channel.SMS, 9L))).isEmpty();
        assertThat(ProfileEventIntake.reply(inbound("SMS Received", Channel.WEB, "9"))).as("a web write key").isEmpty();
        assertThat(ProfileEventIntake.reply(inbound("WhatsApp Received", Channel.SMS, "9"))).isEmpty();
        assertThat(ProfileEventIntake.reply(inbound("Order Completed", Channel.SMS, "9"))).isEmpty();
    }
}
