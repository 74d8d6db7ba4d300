package io.omnijourney.kit.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void controlCharactersCannotForgeALogLine() {
        String forged = "bad\r\n2026-12-04 INFO admin logged in\u2028\u0000\u001b[31m";
        String safe = LogSafe.text(forged);
        assertThat(safe).doesNotContain("\r", "\n", "\u2028", "\u0000", "\u001b");
        assertThat(safe).isEqualTo("bad\\r\\n2026-12-04 INFO admin logged in\\u2028\\u0000\\u001b[31m");
    }

    @Test
    void emailsAndPhoneNumbersAreMasked() {
        String safe = LogSafe.text("refused identifier email:jane.doe+promo@example.com and phone:+33 6 12 34 56 78"
                + " and +14155550123");
        assertThat(safe).doesNotContain("jane.doe", "12 34 56", "415555");
        assertThat(safe).contains("j***@example.com", "+***78", "+***23");
    }

    @Test
    void positionsDatesAndIdsAreLeftReadable() {
        String text = "touchpoints-2@1234567 at 2026-12-04T10:00:00Z, request 6f1c-42";
        assertThat(LogSafe.text(text)).isEqualTo(text);
    }

    @Test
    void hugeValuesAreBounded() {
        assertThat(LogSafe.text("x".repeat(1_000_000))).hasSize(LogSafe.MAX_LENGTH + 3).endsWith("...");
        assertThat(LogSafe.text(null)).isEqualTo("null");
    }
}
