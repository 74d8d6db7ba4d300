package io.omnijourney.ingest.domain.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.domain.InvalidInputException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioStatusMapperTest {

    private static final String SID = "SM0123456789abcdef0123456789abcdef";
    private static final Instant RECEIVED_AT = Instant.parse("2024-03-01T12:00:00Z");

    @ParameterizedTest(name = "{0} to {1} is {2}")
    @CsvSource(delimiter = '|', value = {
            "sent | +14155550100 | SMS Sent | sms",
            "delivered | +14155550100 | SMS Delivered | sms",
            "undelivered | +14155550100 | SMS Undelivered | sms",
            "failed | +14155550100 | SMS Failed | sms",
            "sent | whatsapp:+14155550100 | WhatsApp Sent | whatsapp",
            "delivered | whatsapp:+14155550100 | WhatsApp Delivered | whatsapp",
            "read | whatsapp:+14155550100 | WhatsApp Read | whatsapp",
            "undelivered | whatsapp:+14155550100 | WhatsApp Undelivered | whatsapp",
            "failed | whatsapp:+14155550100 | WhatsApp Failed | whatsapp"})
    void aFateBecomesTheChannelsStatusEvent(String status, String to, String event, String channel) {
        TouchpointEvent e = map(status, to).orElseThrow();

        assertThat(e.event()).isEqualTo(event);
        assertThat(e.channel()).isEqualTo(Channel.parse(channel).orElseThrow());
        assertThat(e.identityKey()).isEqualTo("phone:+14155550100");
        assertThat(e.messageId()).isEqualTo("twilio-status:" + SID + ":" + status);
        assertThat(e.properties()).containsEntry("requestId", "req-1").containsEntry("status", status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"queued", "accepted", "sending"})
    void anIntermediateWhatsAppStatusIsNoTouchpoint(String status) {
        assertThat(map(status, "whatsapp:+14155550100")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"whatsapp:14155550100", "messenger:+14155550100", "whatsapp:"})
    void aRecipientThatIsNoPhoneIsRejected(String to) {
        assertThatThrownBy(() -> map("delivered", to)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems())
                        .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("To")));
    }

    private static Optional<TouchpointEvent> map(String status, String to) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ChannelPrefix", to.startsWith("whatsapp:") ? "whatsapp" : "");
        form.put("ApiVersion", "2010-04-01");
        form.put("MessageStatus", status);
        form.put("SmsSid", SID);
        form.put("SmsStatus", status);
        form.put("To", to);
        form.put("From", "whatsapp:+14155238886");
        form.put("MessageSid", SID);
        form.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
        return TwilioStatusMapper.map(form, new TwilioStatusMapper.MessageRef("req-1", null, null), "src-twilio",
                RECEIVED_AT);
    }
}
