package io.omnijourney.ingest.domain.tracking;

import static io.omnijourney.ingest.support.Messages.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.support.Messages;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client times outside the window: the event is kept, stamped with its receipt, the client's text in context. */
class ClientTimeWindowTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-24T12:00:00Z");
    private static final TrackingRequestParser.Origin ORIGIN =
            new TrackingRequestParser.Origin("src-1", Channel.WEB, RECEIVED);

    private final TrackingRequestParser parser = new TrackingRequestParser(TrackingLimits.SEGMENT);

    private TouchpointEvent parsed(Messages msg) {
        TouchpointEvent event = parser.parse(CallKind.TRACK, msg.node(), ORIGIN).get(0);
        // Every consumer decodes it again and re-checks the times: what ingest publishes must pass.
        assertThat(TouchpointCodec.decode(TouchpointCodec.encode(event))).isEqualTo(event);
        return event;
    }

    @ParameterizedTest
    @ValueSource(strings = {"+300000000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+99999999999-01-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z",
            "2026-11-25T12:00:00.001Z"})
    void aTimestampOutsideTheWindowGivesWayToTheTimeOfReceipt(String timestamp) {
        TouchpointEvent event = parsed(track("Resubscribed").userId("u").with("timestamp", timestamp));

        assertThat(event.timestamp()).isEqualTo(RECEIVED);
        assertThat(event.originalTimestamp()).isNull();
        assertThat(event.context()).containsEntry("originalTimestamp", timestamp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2000-01-01T00:00:00Z", "2026-11-25T12:00:00Z", "2026-11-24T11:00:00+01:00"})
    void theWindowsEdgesAreInside(String timestamp) {
        TouchpointEvent event = parsed(track("A").userId("u").with("timestamp", timestamp));

        assertThat(event.timestamp()).isEqualTo(Timestamps.parse(timestamp).orElseThrow());
        assertThat(event.context()).isNull();
    }

    @Test
    void aSentAtOutsideTheWindowIsDroppedAndTheTimestampTakenAsIs() {
        TouchpointEvent event = parsed(track("A").userId("u").with("timestamp", "2026-11-24T11:00:00Z")
                .with("sentAt", "+300000000-01-01T00:00:00Z"));

        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
        assertThat(event.sentAt()).isNull();
        assertThat(event.context()).containsEntry("originalSentAt", "+300000000-01-01T00:00:00Z")
                .doesNotContainKey("originalTimestamp");
    }

    @Test
    void aSkewCorrectionThatLeavesTheWindowGivesWayToTheTimeOfReceipt() {
        // Both inside, but the client says it sent 26 years before the event happened: corrected, it lies in 2052.
        TouchpointEvent event = parsed(track("A").userId("u").with("timestamp", "2026-11-25T11:00:00Z")
                .with("sentAt", "2000-06-01T00:00:00Z").context("locale", "pt-PT"));

        assertThat(event.timestamp()).isEqualTo(RECEIVED);
        assertThat(event.originalTimestamp()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(event.context()).containsEntry("originalTimestamp", "2026-11-25T11:00:00Z")
                .containsEntry("locale", "pt-PT");
    }

    @Test
    void aClientCannotForgeTheKeptOriginalWithinTheWindow() {
        TouchpointEvent event = parsed(track("A").userId("u").with("timestamp", "9999-12-31T23:59:59Z")
                .context("originalTimestamp", "2026-11-24T00:00:00Z"));

        assertThat(event.context()).containsEntry("originalTimestamp", "9999-12-31T23:59:59Z");
    }

    @Test
    void aNarrowerWindowIsHonoured() {
        TrackingRequestParser strict = new TrackingRequestParser(TrackingLimits.SEGMENT,
                new ClientTimeWindow(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(5)));

        TouchpointEvent event = strict.parse(CallKind.TRACK, track("A").userId("u")
                .with("timestamp", "2025-12-31T23:59:59Z").node(), ORIGIN).get(0);

        assertThat(event.timestamp()).isEqualTo(RECEIVED);
    }

    @Test
    void theWindowCannotBeWidenedBeyondWhatConsumersAccept() {
        assertThatThrownBy(() -> new ClientTimeWindow(Instant.parse("1999-01-01T00:00:00Z"), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientTimeWindow(Instant.parse("2001-01-01T00:00:00Z"), Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void skewCorrectionSaturatesInsteadOfOverflowing() {
        assertThat(Timestamps.corrected(Instant.MIN, Instant.MAX, RECEIVED)).isEqualTo(Instant.MIN);
        assertThat(Timestamps.corrected(Instant.MAX, Instant.MIN, RECEIVED)).isEqualTo(Instant.MAX);
        assertThat(Timestamps.parse("+99999999999-01-01T00:00:00Z")).contains(Instant.MAX);
        assertThat(Timestamps.parse("-99999999999-01-01T00:00:00Z")).contains(Instant.MIN);
        assertThat(Timestamps.parse("+99999999999-01-01")).isEmpty();
    }
}
