package io.omnijourney.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.contract.touchpoint.IsoInstants;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    @Test
    void parsesWhatInstantToStringWritesToTheSameInstant() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            int nanos = random.nextInt(0, 1_000_000_000);
            nanos = switch (i % 4) {
                case 0 -> nanos;
                case 1 -> nanos / 1_000 * 1_000;
                case 2 -> nanos / 1_000_000 * 1_000_000;
                default -> 0;
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L), nanos);
            assertThat(IsoInstants.parse(instant.toString())).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T10:15:30.1Z", "2026-11-24T10:15:30.12Z", "2026-11-24T10:15:30.1234Z",
            "2026-11-24T10:15:30.12345678Z", "0000-01-01T00:00:00Z", "2024-02-29T23:59:59.999Z",
            "+12345-01-01T00:00:00Z", "-0001-12-31T00:00:00Z", "2026-11-24T10:15:30+01:00",
            "2026-12-31T23:59:60Z", "2026-11-24T24:00:00Z", "2026-11-24T10:15:30.Z"})
    void readsAnyFractionLengthAndLeavesOtherFormsToTheJdkWithTheSameResult(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-11-24", "2026-11-24T10:15:30", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z", "2026-11-24T10:60:00Z", "2026-11-24T10:15:30.1234567890Z", "2026-11-24T10:15:30.12a4Z", "2026-11-24T10:15:30zZ",
            "20x6-11-24T10:15:30Z", "2026-11-24 10:15:30Z"})
    void refusesWhatTheJdkRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
