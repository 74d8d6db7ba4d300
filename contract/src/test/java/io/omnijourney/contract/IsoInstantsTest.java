package io.omnijourney.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.touchpoint.IsoInstants;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T10:15:30Z", "2026-11-24T10:15:30.100Z", "2026-01-02T03:04:05.000123Z",
            "1970-01-01T00:00:00Z", "0001-01-01T00:00:00.000000001Z", "9999-12-31T23:59:59.999999999Z",
            "2024-02-29T12:00:00.5Z"})
    void formatsExactlyLikeInstantToString(String text) {
        Instant instant = Instant.parse(text);

        assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
    }

    @Test
    void agreesWithInstantToStringOnRandomInstantsAndOutsideFourDigitYears() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(0, 1_000_000_000) / (i % 3 == 0 ? 1 : 1_000) * (i % 3 == 0 ? 1 : 1_000));
            assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
        }
        Instant farFuture = Instant.parse("+12345-01-01T00:00:00Z");
        assertThat(IsoInstants.format(farFuture)).isEqualTo(farFuture.toString());
    }
}
