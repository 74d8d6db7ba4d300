package io.omnijourney.ingest.domain.provider;

import static io.omnijourney.ingest.domain.provider.TwilioForms.SID;
import static io.omnijourney.ingest.domain.provider.TwilioForms.inboundSms;
import static io.omnijourney.ingest.domain.provider.TwilioForms.inboundWhatsApp;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.domain.InputProblem;
import io.omnijourney.ingest.domain.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioInboundMessageMapperTest {

    private static final String SOURCE = "src-twilio";
    private static final Instant RECEIVED_AT = Instant.parse("2024-03-01T12:00:00Z");

    @Test
    void mapsAPlainMessageToSmsReceived() {
        List<TouchpointEvent> events = map(inboundSms().body("Is my order on its way?").with("NumMedia", "2"));

        assertThat(events).hasSize(1);
        TouchpointEvent e = events.get(0);
        assertThat(e.event()).isEqualTo(EventNames.SMS_RECEIVED);
        assertThat(e.type()).isEqualTo(EventType.TRACK);
        assertThat(e.channel()).isEqualTo(Channel.SMS);
        assertThat(e.sourceId()).isEqualTo(SOURCE);
        assertThat(e.messageId()).isEqualTo("twilio:" + SID);
        assertThat(e.timestamp()).isEqualTo(RECEIVED_AT);
        assertThat(e.originalTimestamp()).isEqualTo(RECEIVED_AT);
        assertThat(e.receivedAt()).isEqualTo(RECEIVED_AT);
        assertThat(e.context()).containsEntry("traits", Map.of("phone", "+14155550100"));
        assertThat(e.identityKey()).isEqualTo("phone:+14155550100");
        assertThat(e.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "body", "Is my order on its way?", "to", "+14155550199", "messageSid", SID, "numMedia", 2L));
    }

    @Test
    void normalizesTheSenderAndKeepsAShortCodeRecipient() {
        TouchpointEvent e = map(inboundSms().with("From", "+44 (20) 7946-0958").with("To", "12345")).get(0);

        assertThat(e.context()).containsEntry("traits", Map.of("phone", "+442079460958"));
        assertThat(e.properties()).containsEntry("to", "12345");
    }

    @Test
    void omitsAnUnreadableMediaCount() {
        assertThat(map(inboundSms().with("NumMedia", "many")).get(0).properties()).doesNotContainKey("numMedia");
        assertThat(map(inboundSms().without("NumMedia")).get(0).properties()).doesNotContainKey("numMedia");
    }

    @Test
    void acceptsAnEmptyBody() {
        List<TouchpointEvent> events = map(inboundSms().body("").with("NumMedia", "1"));

        assertThat(events).singleElement().satisfies(e -> assertThat(e.properties()).containsEntry("body", ""));
    }

    @ParameterizedTest(name = "[{0}] unsubscribes with keyword {1}")
    @CsvSource(delimiter = '|', value = {
            "STOP | STOP", "' stop ' | STOP", "Stop | STOP", "stopall | STOPALL", "Unsubscribe | UNSUBSCRIBE",
            "cancel | CANCEL", "END | END", "quit | QUIT", "revoke | REVOKE", "'OptOut\n' | OPTOUT"})
    void addsUnsubscribedForAnOptOutKeyword(String body, String keyword) {
        List<TouchpointEvent> events = map(inboundSms().body(body));

        assertThat(events).extracting(TouchpointEvent::event)
                .containsExactly(EventNames.SMS_RECEIVED, EventNames.UNSUBSCRIBED);
        TouchpointEvent unsubscribed = events.get(1);
        assertThat(unsubscribed.messageId()).isEqualTo("twilio:" + SID + ":unsubscribed");
        assertThat(unsubscribed.properties()).containsEntry("channel", "sms").containsEntry("keyword", keyword);
        assertThat(unsubscribed.channel()).isEqualTo(Channel.SMS);
        assertThat(unsubscribed.context()).containsEntry("traits", Map.of("phone", "+14155550100"));
        assertThat(unsubscribed.timestamp()).isEqualTo(RECEIVED_AT);
        assertThat(events.get(0).properties()).containsEntry("body", body);
    }

    @ParameterizedTest(name = "[{0}] resubscribes with keyword {1}")
    @CsvSource(delimiter = '|', value = {"START | START", "' yes' | YES", "Unstop | UNSTOP"})
    void addsResubscribedForAnOptInKeyword(String body, String keyword) {
        List<TouchpointEvent> events = map(inboundSms().body(body));

        assertThat(events).extracting(TouchpointEvent::event)
                .containsExactly(EventNames.SMS_RECEIVED, EventNames.RESUBSCRIBED);
        TouchpointEvent resubscribed = events.get(1);
        assertThat(resubscribed.messageId()).isEqualTo("twilio:" + SID + ":resubscribed");
        assertThat(resubscribed.properties()).containsEntry("channel", "sms").containsEntry("keyword", keyword);
    }

    @ParameterizedTest(name = "[{0}] is just a message")
    @ValueSource(strings = {"HELP", "info", "please stop", "STOP!", "S T O P", "stopp", "yes please"})
    void addsNothingForOtherBodies(String body) {
        assertThat(map(inboundSms().body(body))).extracting(TouchpointEvent::event)
                .containsExactly(EventNames.SMS_RECEIVED);
    }

    @Test
    void aWhatsAppSenderMakesAWhatsAppReceivedOnTheWhatsAppChannel() {
        List<TouchpointEvent> events = map(inboundWhatsApp().body("Is my order on its way?"));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(EventNames.WHATSAPP_RECEIVED);
            assertThat(e.channel()).isEqualTo(Channel.WHATSAPP);
            assertThat(e.messageId()).isEqualTo("twilio:" + SID);
            assertThat(e.context()).containsEntry("traits", Map.of("phone", "+14155550100"));
            assertThat(e.identityKey()).isEqualTo("phone:+14155550100");
            assertThat(e.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "body", "Is my order on its way?", "to", "+14155238886", "messageSid", SID, "numMedia", 0L));
        });
    }

    @Test
    void aWhatsAppSenderIsNormalizedLikeAnSmsOne() {
        TouchpointEvent e = map(inboundWhatsApp().with("From", " WhatsApp:+44 (20) 7946-0958")).get(0);

        assertThat(e.channel()).isEqualTo(Channel.WHATSAPP);
        assertThat(e.identityKey()).isEqualTo("phone:+442079460958");
    }

    @ParameterizedTest(name = "[{0}] on WhatsApp is {1} for the whatsapp channel")
    @CsvSource(delimiter = '|', value = {"STOP | Unsubscribed | unsubscribed", "' stop ' | Unsubscribed | unsubscribed",
            "Start | Resubscribed | resubscribed"})
    void anOptKeywordOnWhatsAppChangesTheWhatsAppSubscription(String body, String event, String suffix) {
        List<TouchpointEvent> events = map(inboundWhatsApp().body(body));

        assertThat(events).extracting(TouchpointEvent::event).containsExactly(EventNames.WHATSAPP_RECEIVED, event);
        TouchpointEvent change = events.get(1);
        assertThat(change.messageId()).isEqualTo("twilio:" + SID + ":" + suffix);
        assertThat(change.channel()).isEqualTo(Channel.WHATSAPP);
        assertThat(change.properties()).containsEntry("channel", "whatsapp");
        assertThat(change.identityKey()).isEqualTo("phone:+14155550100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4155550100", "client:alice", "whatsapp:4155550100", "whatsapp:", "messenger:+14155550100",
            ""})
    void rejectsASenderThatIsNotE164(String from) {
        assertThat(problemFields(inboundSms().with("From", from))).containsExactly("From");
    }

    @Test
    void listsEveryMissingField() {
        assertThat(problemFields(inboundSms().without("MessageSid").without("From").without("Body")))
                .containsExactlyInAnyOrder("MessageSid", "From", "Body");
        assertThat(problemFields(inboundSms().with("MessageSid", "  "))).containsExactly("MessageSid");
    }

    private static List<TouchpointEvent> map(TwilioForms form) {
        return TwilioInboundMessageMapper.map(form.build(), SOURCE, RECEIVED_AT);
    }

    private static List<String> problemFields(TwilioForms form) {
        try {
            List<TouchpointEvent> events = map(form);
            throw new AssertionError("expected the form to be rejected, got " + events);
        } catch (InvalidInputException e) {
            return e.problems().stream().map(InputProblem::field).toList();
        }
    }
}
