package io.omnijourney.ingest.domain.tracking;

import static io.omnijourney.ingest.support.Messages.batch;
import static io.omnijourney.ingest.support.Messages.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.domain.InputProblem;
import io.omnijourney.ingest.domain.InvalidInputException;
import io.omnijourney.ingest.support.Messages;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingRequestParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-24T12:00:00Z");
    private static final TrackingRequestParser.Origin ORIGIN =
            new TrackingRequestParser.Origin("src-1", Channel.STORE, RECEIVED);

    private final TrackingRequestParser parser = new TrackingRequestParser(TrackingLimits.SEGMENT);

    @Test
    void clientClockSkewIsCorrectedUsingSentAt() {
        // The client's clock runs 10 minutes behind: it says it sent at 11:50 what the server received at 12:00.
        Messages msg = track("Order Completed").userId("u1")
                .with("timestamp", "2026-11-24T11:45:00Z").with("sentAt", "2026-11-24T11:50:00.000+00:00");

        TouchpointEvent event = parser.parse(CallKind.TRACK, msg.node(), ORIGIN).get(0);

        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-24T11:55:00Z"));
        assertThat(event.originalTimestamp()).isEqualTo(Instant.parse("2026-11-24T11:45:00Z"));
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void batchLevelSentAtAppliesToEveryMessage() {
        Messages.Batch body = batch(track("A").userId("u").with("timestamp", "2026-11-24T13:00:00+01:00"))
                .with("sentAt", "2026-11-24T12:30:00+01:00");

        TouchpointEvent event = parser.parse(CallKind.BATCH, body.node(), ORIGIN).get(0);

        assertThat(event.timestamp()).isEqualTo(RECEIVED.plusSeconds(30 * 60));
    }

    @Test
    void withoutTimestampTheEventHappenedWhenReceived() {
        TouchpointEvent event = parser.parse(CallKind.TRACK, track("A").anonymousId("a").node(), ORIGIN).get(0);

        assertThat(event.timestamp()).isEqualTo(RECEIVED);
        assertThat(event.originalTimestamp()).isNull();
    }

    @Test
    void channelAndSourceComeFromTheOriginNeverFromTheBody() {
        Messages msg = track("A").userId("u").with("channel", "email").with("sourceId", "forged");

        TouchpointEvent event = parser.parse(CallKind.TRACK, msg.node(), ORIGIN).get(0);

        assertThat(event.channel()).isEqualTo(Channel.STORE);
        assertThat(event.sourceId()).isEqualTo("src-1");
    }

    @Test
    void endpointFixesTheTypeOfASingleCall() {
        Messages msg = Messages.untyped().userId("u").trait("email", "a@example.com");

        TouchpointEvent event = parser.parse(CallKind.IDENTIFY, msg.node(), ORIGIN).get(0);

        assertThat(event.type()).isEqualTo(EventType.IDENTIFY);
        assertThat(event.traits()).containsEntry("email", "a@example.com");
    }

    @Test
    void batchContextAndIntegrationsMergeIntoEachMessageWithTheMessageWinning() {
        Messages.Batch body = batch(
                track("A").userId("u").context("locale", "pt-PT").context("library", Map.of("version", "2")),
                track("B").userId("u"))
                .with("context", Map.of("locale", "en-US", "ip", "203.0.113.1",
                        "library", Map.of("name", "analytics-node", "version", "1")))
                .with("integrations", Map.of("All", false));

        List<TouchpointEvent> events = parser.parse(CallKind.BATCH, body.node(), ORIGIN);

        assertThat(events.get(0).context()).containsEntry("locale", "pt-PT").containsEntry("ip", "203.0.113.1")
                .containsEntry("library", Map.of("name", "analytics-node", "version", "2"));
        assertThat(events.get(1).context()).containsEntry("locale", "en-US");
        assertThat(events).allSatisfy(e -> assertThat(e.integrations()).containsEntry("All", false));
    }

    @Test
    void integersBecomeLongsForDownstreamConditions() {
        TouchpointEvent event = parser.parse(CallKind.TRACK, track("A").userId("u").property("qty", 3).node(),
                ORIGIN).get(0);

        assertThat(event.properties().get("qty")).isEqualTo(3L);
    }

    @Test
    void missingMessageIdIsDerivedDeterministicallyWhenTheMessageHasATimestamp() {
        Messages msg = track("A").userId("u").with("timestamp", "2026-11-24T11:00:00Z");

        String first = parser.parse(CallKind.TRACK, msg.node(), ORIGIN).get(0).messageId();
        String retry = parser.parse(CallKind.TRACK, msg.node(), ORIGIN).get(0).messageId();
        String otherSource = parser.parse(CallKind.TRACK, msg.node(),
                new TrackingRequestParser.Origin("src-2", Channel.WEB, RECEIVED)).get(0).messageId();

        assertThat(first).isEqualTo(retry).isNotEqualTo(otherSource);
    }

    @Test
    void missingMessageIdWithoutTimestampIsUnique() {
        Messages msg = track("A").userId("u");

        assertThat(parser.parse(CallKind.TRACK, msg.node(), ORIGIN).get(0).messageId())
                .isNotEqualTo(parser.parse(CallKind.TRACK, msg.node(), ORIGIN).get(0).messageId());
    }

    @Test
    void clientMessageIdIsKept() {
        TouchpointEvent event = parser.parse(CallKind.TRACK, track("A").userId("u").messageId("m-1").node(),
                ORIGIN).get(0);

        assertThat(event.messageId()).isEqualTo("m-1");
    }

    @Test
    void numericUserIdsAreAcceptedAsText() {
        TouchpointEvent event = parser.parse(CallKind.TRACK, track("A").with("userId", 12345).node(), ORIGIN).get(0);

        assertThat(event.userId()).isEqualTo("12345");
    }

    @Test
    void oneBadMessageRejectsTheWholeBatchNamingEveryProblem() {
        Messages.Batch body = batch(
                track("Fine").userId("u"),
                Messages.of("track").userId("u"),
                Messages.of("teleport").userId("u"),
                track("X"),
                Messages.of("alias").userId("u"),
                Messages.of("group").userId("u"),
                track("T").userId("u").with("timestamp", "yesterday"),
                track("P").userId("u").with("properties", "not-an-object"),
                track("D").userId("u").property("$where", "1"));

        assertThatThrownBy(() -> parser.parse(CallKind.BATCH, body.node(), ORIGIN))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).extracting(InputProblem::field)
                        .containsExactlyInAnyOrder("batch[1].event", "batch[2].type", "batch[3].userId",
                                "batch[4].previousId", "batch[5].groupId", "batch[6].timestamp",
                                "batch[7].properties", "batch[8].properties.$where"));
    }

    @Test
    void dollarKeysAreFoundAtAnyDepth() {
        Messages msg = track("A").userId("u")
                .property("items", List.of(Map.of("sku", "1"), Map.of("nested", Map.of("$gt", 1))));

        assertThatThrownBy(() -> parser.parse(CallKind.TRACK, msg.node(), ORIGIN))
                .satisfies(e -> assertThat(((InvalidInputException) e).problems())
                        .containsExactly(new InputProblem("properties.items[1].nested.$gt",
                                "keys must not start with '$'")));
    }

    @Test
    void wrongFieldTypesAreNamed() {
        Messages msg = Messages.of("track").with("event", 42).with("userId", true).with("context", List.of());

        assertThatThrownBy(() -> parser.parse(CallKind.BATCH, batch(msg).node(), ORIGIN))
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).extracting(InputProblem::field)
                        .contains("batch[0].event", "batch[0].userId", "batch[0].context"));
    }

    @Test
    void oversizedEventIsRejectedAsTooLarge() {
        Messages msg = track("A").userId("u").property("blob", "x".repeat(40_000));

        assertThatThrownBy(() -> parser.parse(CallKind.BATCH, batch(track("B").userId("u"), msg).node(), ORIGIN))
                .isInstanceOf(PayloadTooLargeException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).extracting(InputProblem::field)
                        .containsExactly("batch[1]"));
    }

    @Test
    void batchMustBeANonEmptyArray() {
        assertThatThrownBy(() -> parser.parse(CallKind.BATCH, Messages.untyped().node(), ORIGIN))
                .hasMessageContaining("batch");
        assertThatThrownBy(() -> parser.parse(CallKind.BATCH, batch().node(), ORIGIN))
                .hasMessageContaining("at least one");
    }

    @Test
    void timestampsInTheFormatsRealSdksSendAreParsed() {
        assertThat(Timestamps.parse("2026-11-24T10:15:30Z")).contains(Instant.parse("2026-11-24T10:15:30Z"));
        assertThat(Timestamps.parse("2026-11-24T10:15:30.123456+01:00"))
                .contains(Instant.parse("2026-11-24T09:15:30.123456Z"));
        assertThat(Timestamps.parse("2026-11-24T10:15:30.123+0100")).contains(Instant.parse("2026-11-24T09:15:30.123Z"));
        assertThat(Timestamps.parse("2026-11-24T10:15:30")).isEmpty();
        assertThat(Timestamps.parse("1732443330")).isEmpty();
        assertThat(Timestamps.parse("2026-13-01T00:00:00Z")).isEmpty();
    }
}
