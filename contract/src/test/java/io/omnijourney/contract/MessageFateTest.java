package io.omnijourney.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.MessageFate;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageFateTest {

    private static TouchpointEvent event(String name, Channel channel) {
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        return TouchpointEventBuilder.of(EventType.TRACK).messageId("m-1").event(name).userId("u")
                .properties(Map.of("requestId", "r-1")).channel(channel).sourceId("s").timestamp(at).receivedAt(at)
                .build();
    }

    @Test
    void providerAndEngagementEventsOnMessageChannelsReportTheirFate() {
        assertThat(MessageFate.of(event("Email Delivered", Channel.EMAIL))).contains(MessageFate.DELIVERED);
        assertThat(MessageFate.of(event("Email Opened", Channel.EMAIL))).contains(MessageFate.OPENED);
        assertThat(MessageFate.of(event("Email Clicked", Channel.EMAIL))).contains(MessageFate.CLICKED);
        assertThat(MessageFate.of(event("Email Marked as Spam", Channel.EMAIL))).contains(MessageFate.COMPLAINED);
        assertThat(MessageFate.of(event("Unsubscribed", Channel.EMAIL))).contains(MessageFate.UNSUBSCRIBED);
        assertThat(MessageFate.of(event("SMS Undelivered", Channel.SMS))).contains(MessageFate.BOUNCED);
        assertThat(MessageFate.of(event("Push Opened", Channel.PUSH))).contains(MessageFate.OPENED);
        assertThat(MessageFate.of(event("WhatsApp Read", Channel.WHATSAPP))).contains(MessageFate.OPENED);
        assertThat(MessageFate.of(event("WhatsApp Failed", Channel.WHATSAPP))).contains(MessageFate.BOUNCED);
        assertThat(MessageFate.DELIVERED.wireName()).isEqualTo("delivered");
    }

    @Test
    void aPublicWriteKeysChannelOrAnotherEventReportsNone() {
        assertThat(MessageFate.of(event("Email Opened", Channel.WEB))).isEqualTo(Optional.empty());
        assertThat(MessageFate.of(event("Email Clicked", Channel.MOBILE))).isEmpty();
        assertThat(MessageFate.of(event("Order Completed", Channel.EMAIL))).isEmpty();
        assertThat(MessageFate.of(null)).isEmpty();
    }
}
