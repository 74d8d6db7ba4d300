package io.omnijourney.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.contract.touchpoint.TouchpointTimes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TouchpointTimesTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-04T10:00:00Z");

    private static TouchpointEventBuilder track(Instant timestamp) {
        return TouchpointEventBuilder.of(EventType.TRACK).messageId("m-1").event("Order Completed").userId("u-1")
                .channel(Channel.WEB).sourceId("src-web").timestamp(timestamp).receivedAt(RECEIVED);
    }

    /** The event as a producer that skipped the edge's bounds would have written it. */
    private static byte[] withTimestamp(String field, String value) {
        String json = new String(TouchpointCodec.encode(track(RECEIVED).build()), StandardCharsets.UTF_8);
        String withField = json.contains("\"" + field + "\"")
                ? json.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"" + value + "\"")
                : json.replace("\"receivedAt\"", "\"" + field + "\":\"" + value + "\",\"receivedAt\"");
        return withField.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eventsWithinTheBoundsDecode() {
        TouchpointEvent lateClock = track(RECEIVED.plus(Duration.ofHours(23))).originalTimestamp(Instant.parse(
                "2000-01-01T00:00:00Z")).sentAt(RECEIVED.minusSeconds(2)).build();

        assertThat(TouchpointCodec.decode(TouchpointCodec.encode(lateClock))).isEqualTo(lateClock);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+300000000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-12-05T10:00:00.001Z",
            "1999-12-31T23:59:59.999Z", "-1000000000-01-01T00:00:00Z", "0001-01-01T00:00:00Z"})
    void aTimestampOutsideTheBoundsIsAPoisonRecord(String timestamp) {
        assertThatThrownBy(() -> TouchpointCodec.decode(withTimestamp("timestamp", timestamp)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"originalTimestamp", "sentAt"})
    void everyClientTimeIsChecked(String field) {
        assertThatThrownBy(() -> TouchpointCodec.decode(withTimestamp(field, "+300000000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
        assertThatThrownBy(() -> TouchpointCodec.decode(withTimestamp(field, "1970-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }

    @Test
    void anAbsurdReceiptTimeIsAPoisonRecord() {
        String json = new String(TouchpointCodec.encode(track(RECEIVED).build()), StandardCharsets.UTF_8)
                .replace("\"receivedAt\":\"2026-12-04T10:00:00Z\"", "\"receivedAt\":\"+300000000-01-01T00:00:00Z\"");

        assertThatThrownBy(() -> TouchpointCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receivedAt");
    }

    @Test
    void saturatingArithmeticNeverThrows() {
        assertThat(TouchpointTimes.plusSaturating(Instant.MAX.minusSeconds(5), Duration.ofDays(1)))
                .isEqualTo(Instant.MAX);
        assertThat(TouchpointTimes.minusSaturating(Instant.MIN.plusSeconds(5), Duration.ofDays(1)))
                .isEqualTo(Instant.MIN);
        assertThat(TouchpointTimes.plusSaturating(Instant.MIN, Duration.between(Instant.MIN, Instant.MAX)))
                .isEqualTo(Instant.MAX);
        assertThat(TouchpointTimes.minusSaturating(RECEIVED, Duration.ofSeconds(-60)))
                .isEqualTo(RECEIVED.plusSeconds(60));
        assertThat(TouchpointTimes.latestFor(RECEIVED, Duration.ofDays(1))).isEqualTo(RECEIVED.plus(Duration.ofDays(1)));
    }

    @Test
    void saturatingArithmeticIsExactNextToTheEnds() {
        Instant nearMax = Instant.MAX.minusSeconds(2).minusNanos(1);
        assertThat(TouchpointTimes.plusSaturating(nearMax, Duration.ofSeconds(2))).isEqualTo(Instant.MAX.minusNanos(1));
        assertThat(TouchpointTimes.plusSaturating(nearMax, Duration.ofSeconds(2, 1))).isEqualTo(Instant.MAX);
        assertThat(TouchpointTimes.plusSaturating(nearMax, Duration.ofSeconds(2, 2))).isEqualTo(Instant.MAX);
        Instant nearMin = Instant.MIN.plusSeconds(2).plusNanos(1);
        assertThat(TouchpointTimes.minusSaturating(nearMin, Duration.ofSeconds(2))).isEqualTo(Instant.MIN.plusNanos(1));
        assertThat(TouchpointTimes.minusSaturating(nearMin, Duration.ofSeconds(2, 1))).isEqualTo(Instant.MIN);
        assertThat(TouchpointTimes.minusSaturating(nearMin, Duration.ofSeconds(2, 2))).isEqualTo(Instant.MIN);
        assertThat(TouchpointTimes.plusSaturating(RECEIVED, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Instant.MAX);
        assertThat(TouchpointTimes.minusSaturating(RECEIVED, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Instant.MIN);
    }
}
