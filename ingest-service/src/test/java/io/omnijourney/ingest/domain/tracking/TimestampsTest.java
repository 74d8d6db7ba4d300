package io.omnijourney.ingest.domain.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @Test
    void handParsedCommonFormAgreesWithTheJdkOnRandomTimestamps() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            OffsetDateTime t = OffsetDateTime.ofInstant(Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L),
                    random.nextInt(1_000_000_000)), ZoneOffset.ofTotalSeconds(random.nextInt(-18, 19) * 1800));
            String text = t.toString();

            assertThat(Timestamps.parseCommonForm(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T10:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T10:00:00", "2026-11-24T10:00Z",
            "2026-11-24T10:00:00.Z", "2026-11-24T10:00:00+0100", "２０２６-11-24T10:00:00Z", "2026-11-24T10:00:00+19:00"})
    void unusualOrInvalidTextIsLeftToTheGeneralParser(String text) {
        assertThat(Timestamps.parseCommonForm(text)).isNull();
    }

    @Test
    void generalParserStillAcceptsTheRarerForms() {
        assertThat(Timestamps.parse("2026-11-24T10:15:30.123+0100")).contains(Instant.parse("2026-11-24T09:15:30.123Z"));
        assertThat(Timestamps.parse("2026-11-24T10:15Z")).contains(Instant.parse("2026-11-24T10:15:00Z"));
        assertThat(Timestamps.parse("2026-02-30T10:00:00Z")).isEmpty();
    }
}
