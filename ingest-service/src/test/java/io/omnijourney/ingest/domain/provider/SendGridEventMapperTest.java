package io.omnijourney.ingest.domain.provider;

import static io.omnijourney.ingest.domain.provider.SendGridEvents.TIMESTAMP;
import static io.omnijourney.ingest.domain.provider.SendGridEvents.body;
import static io.omnijourney.ingest.domain.provider.SendGridEvents.event;
import static io.omnijourney.ingest.domain.provider.SendGridEvents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.params.provider.ValueSource;

class SendGridEventMapperTest {

    private static final String SOURCE = "src-sendgrid";
    private static final Instant RECEIVED_AT = Instant.parse("2023-11-14T22:15:00Z");

    @Test
    void mapsDeliveredWithTheCommonFields() {
        SendGridMapping mapping = map(body(event("delivered", "ev-42").with("email", "  Jane@Example.COM ")
                .with("ip", "168.1.1.1").with("response", "250 OK")));

        assertThat(mapping.ignored()).isZero();
        TouchpointEvent e = single(mapping);
        assertThat(e.event()).isEqualTo(EventNames.EMAIL_DELIVERED);
        assertThat(e.type()).isEqualTo(EventType.TRACK);
        assertThat(e.channel()).isEqualTo(Channel.EMAIL);
        assertThat(e.sourceId()).isEqualTo(SOURCE);
        assertThat(e.messageId()).isEqualTo("sendgrid:ev-42");
        assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(TIMESTAMP));
        assertThat(e.originalTimestamp()).isEqualTo(Instant.ofEpochSecond(TIMESTAMP));
        assertThat(e.receivedAt()).isEqualTo(RECEIVED_AT);
        assertThat(e.context()).containsEntry("traits", Map.of("email", "jane@example.com"));
        assertThat(e.identityKey()).isEqualTo("email:jane@example.com");
        assertThat(e.properties()).containsEntry("providerMessageId", "msg-ev-42")
                .containsEntry("sendingIp", "168.1.1.1")
                .doesNotContainKeys("email", "timestamp", "event", "sg_event_id", "sg_message_id", "smtp-id",
                        "response", "ip");
        assertThat(e.context()).doesNotContainKey("ip");
        assertThat(e.userId()).isNull();
    }

    @Test
    void mapsOpenWithTheRecipientsUserAgentAndIp() {
        TouchpointEvent e = single(map(body(event("open").with("useragent", "Mozilla/5.0").with("ip", "203.0.113.9")
                .with("sg_machine_open", false))));

        assertThat(e.event()).isEqualTo(EventNames.EMAIL_OPENED);
        assertThat(e.context()).containsEntry("userAgent", "Mozilla/5.0").containsEntry("ip", "203.0.113.9");
        assertThat(e.properties()).containsEntry("machineOpen", false).doesNotContainKey("sendingIp");
    }

    @Test
    void mapsClickWithTheUrl() {
        TouchpointEvent e = single(map(body(event("click").with("url", "https://shop.example.com/p/1?utm=x")
                .with("url_offset", json("{\"index\":0,\"type\":\"html\"}")))));

        assertThat(e.event()).isEqualTo(EventNames.EMAIL_CLICKED);
        assertThat(e.properties()).containsEntry("url", "https://shop.example.com/p/1?utm=x")
                .doesNotContainKey("url_offset");
    }

    @Test
    void mapsBounceTypeBounceAsHard() {
        TouchpointEvent e = single(map(body(event("bounce").with("type", "bounce").with("status", "5.0.0")
                .with("reason", "550 5.1.1 user unknown").with("bounce_classification", "Invalid Address"))));

        assertThat(e.event()).isEqualTo(EventNames.EMAIL_BOUNCED);
        assertThat(e.properties()).containsEntry("bounceType", "hard").containsEntry("status", "5.0.0")
                .containsEntry("reason", "550 5.1.1 user unknown")
                .containsEntry("bounceClassification", "Invalid Address")
                .doesNotContainKey("type");
    }

    @Test
    void mapsBounceTypeBlockedAsSoft() {
        TouchpointEvent e = single(map(body(event("bounce").with("type", "blocked").with("status", "4.0.0")
                .with("reason", "421 try later"))));

        assertThat(e.event()).isEqualTo(EventNames.EMAIL_BOUNCED);
        assertThat(e.properties()).containsEntry("bounceType", "soft").containsEntry("status", "4.0.0")
                .containsEntry("reason", "421 try later");
    }

    @Test
    void mapsSpamReport() {
        assertThat(single(map(body(event("spamreport")))).event()).isEqualTo(EventNames.EMAIL_MARKED_AS_SPAM);
    }

    @Test
    void mapsUnsubscribesAsUnsubscribedFromEmail() {
        SendGridMapping mapping = map(body(event("unsubscribe"), event("group_unsubscribe").with("asm_group_id", 42)));

        assertThat(mapping.events()).extracting(TouchpointEvent::event)
                .containsExactly(EventNames.UNSUBSCRIBED, EventNames.UNSUBSCRIBED);
        assertThat(mapping.events().get(0).properties()).containsEntry("channel", "email")
                .doesNotContainKey("asmGroupId");
        assertThat(mapping.events().get(1).properties()).containsEntry("channel", "email")
                .containsEntry("asmGroupId", 42L);
    }

    @Test
    void mapsGroupResubscribeAsResubscribedToEmail() {
        TouchpointEvent e = single(map(body(event("group_resubscribe").with("asm_group_id", 7))));

        assertThat(e.event()).isEqualTo(EventNames.RESUBSCRIBED);
        assertThat(e.properties()).containsEntry("channel", "email").containsEntry("asmGroupId", 7L);
    }

    @Test
    void countsProcessedDeferredAndDroppedAsIgnored() {
        SendGridMapping mapping = map(body(event("processed"), event("deferred").with("attempt", "5"),
                event("delivered"), event("dropped").with("reason", "Bounced Address")));

        assertThat(mapping.ignored()).isEqualTo(3);
        assertThat(mapping.events()).extracting(TouchpointEvent::event).containsExactly(EventNames.EMAIL_DELIVERED);
    }

    @Test
    void ignoresEventKindsItDoesNotKnowEvenWithoutARecipient() {
        JsonNode accountEvent = event("account_status_change").without("email").without("sg_message_id")
                .with("type", "compliance_suspend").build();

        SendGridMapping mapping = map(body(accountEvent, event("open")));

        assertThat(mapping.ignored()).isEqualTo(1);
        assertThat(mapping.events()).extracting(TouchpointEvent::event).containsExactly(EventNames.EMAIL_OPENED);
    }

    @Test
    void copiesCustomArgsAndTakesUserIdFromThem() {
        TouchpointEvent e = single(map(body(event("click").with("url", "https://x.example")
                .with("userId", "user-7").with("requestId", "req-1").with("journeyId", "j-9")
                .with("profileId", "p-3").with("score", 12).with("ratio", 0.5).with("vip", true)
                .with("category", json("[\"promo\",\"winter\"]"))
                .with("cart", json("{\"items\":[{\"sku\":\"A1\",\"qty\":2}],\"total\":19.99,\"gift\":null}")))));

        assertThat(e.userId()).isEqualTo("user-7");
        assertThat(e.identityKey()).isEqualTo("user-7");
        assertThat(e.properties()).contains(
                entry("requestId", "req-1"), entry("journeyId", "j-9"), entry("profileId", "p-3"),
                entry("score", 12L), entry("ratio", 0.5), entry("vip", true),
                entry("category", List.of("promo", "winter")),
                entry("cart", Map.of("items", List.of(Map.of("sku", "A1", "qty", 2L)), "total", 19.99)));
    }

    @Test
    void keepsAStringCategory() {
        assertThat(single(map(body(event("open").with("category", "newsletter")))).properties())
                .containsEntry("category", "newsletter");
    }

    @Test
    void dropsOperatorLikeAndNulCarryingKeysAtEveryLevel() {
        TouchpointEvent e = single(map(body(event("open").with("$where", "sleep(1000)").with("$set", "x")
                .with("bad\u0000key", "x").with("sg_internal", "x").with("ok", "kept")
                .with("filter", json("{\"$gt\":\"\",\"plain\":1,\"deep\":[{\"$ne\":1,\"n\":\"v\"}]}")))));

        assertThat(e.properties()).containsEntry("ok", "kept")
                .doesNotContainKeys("$where", "$set", "bad\u0000key", "sg_internal")
                .containsEntry("filter", Map.of("plain", 1L, "deep", List.of(Map.of("n", "v"))));
    }

    @Test
    void ignoresABlankOrNonTextUserId() {
        assertThat(single(map(body(event("open").with("userId", "  ")))).userId()).isNull();
        assertThat(single(map(body(event("open").with("userId", 17)))).userId()).isNull();
    }

    @Test
    void derivesTheSameMessageIdsOnRedelivery() {
        JsonNode payload = body(event("open", "ev-a"), event("click", "ev-b"));

        List<String> first = map(payload).events().stream().map(TouchpointEvent::messageId).toList();
        List<String> second = map(payload).events().stream().map(TouchpointEvent::messageId).toList();

        assertThat(first).containsExactly("sendgrid:ev-a", "sendgrid:ev-b").isEqualTo(second);
    }

    @Test
    void rejectsABodyThatIsNotAnArray() {
        assertThatThrownBy(() -> map(event("open").build()))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(t -> assertThat(((InvalidInputException) t).problems())
                        .extracting(InputProblem::field).containsExactly("body"));
    }

    @Test
    void rejectsTheWholeBodyWhenOneItemLacksAnEmail() {
        JsonNode payload = body(event("open", "e0"), event("click", "e1"), event("delivered", "e2"),
                event("open", "e3").without("email"));

        assertThat(problemFields(payload)).containsExactly("[3].email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "jane doe@example.com", ""})
    void rejectsAnInvalidEmail(String email) {
        assertThat(problemFields(body(event("open").with("email", email)))).containsExactly("[0].email");
    }

    @Test
    void listsEveryProblemWithItsPath() {
        JsonNode payload = body(
                event("open", "e0").with("timestamp", "1700000000"),
                "just a string",
                event("open").without("sg_event_id").with("email", 5),
                event("open", "e3").without("event"),
                event("bounce", "e4").with("timestamp", -1),
                event("processed", "e5").without("timestamp"));

        assertThat(problemFields(payload)).containsExactly(
                "[0].timestamp", "[1]", "[2].email", "[2].sg_event_id", "[3].event", "[4].timestamp",
                "[5].timestamp");
    }

    @Test
    void acceptsAFractionalTimestamp() {
        TouchpointEvent e = single(map(body(event("open").with("timestamp", 1_700_000_000.25))));

        assertThat(e.timestamp()).isEqualTo(Instant.ofEpochSecond(TIMESTAMP, 250_000_000));
    }

    @Test
    void mapsAnEmptyBodyToNothing() {
        SendGridMapping mapping = map(body());

        assertThat(mapping.events()).isEmpty();
        assertThat(mapping.ignored()).isZero();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {0L, 946_684_799L, 253_402_300_799L})
    void anEventTimeOutsideTheWindowGivesWayToTheTimeOfReceipt(long unixTime) {
        TouchpointEvent e = single(map(body(event("open").with("timestamp", unixTime))));

        assertThat(e.timestamp()).isEqualTo(RECEIVED_AT);
        assertThat(e.originalTimestamp()).isNull();
        assertThat(e.context()).containsEntry("originalTimestamp", Long.toString(unixTime));
        assertThat(io.omnijourney.contract.touchpoint.TouchpointCodec.decode(
                io.omnijourney.contract.touchpoint.TouchpointCodec.encode(e))).isEqualTo(e);
    }

    private static SendGridMapping map(JsonNode payload) {
        return SendGridEventMapper.map(payload, SOURCE, RECEIVED_AT);
    }

    private static TouchpointEvent single(SendGridMapping mapping) {
        assertThat(mapping.events()).hasSize(1);
        return mapping.events().get(0);
    }

    private static List<String> problemFields(JsonNode payload) {
        try {
            SendGridMapping mapping = map(payload);
            throw new AssertionError("expected the body to be rejected, got " + mapping);
        } catch (InvalidInputException e) {
            return e.problems().stream().map(InputProblem::field).toList();
        }
    }
}
