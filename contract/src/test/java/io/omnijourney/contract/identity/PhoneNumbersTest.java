package io.omnijourney.contract.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+14155550100          | +14155550100",
            "+1 (415) 555-0100     | +14155550100",
            "+1.415.555.0100       | +14155550100",
            "0044 20 7946 0958     | +442079460958",
            "'  +49 30 901820  '   | +4930901820",
            "+33\u00a06\u00a012\u00a034\u00a056\u00a078 | +33612345678",
            "+1234567              | +1234567",
            "+123456789012345      | +123456789012345",
    })
    void convertsToE164(String raw, String expected) {
        assertThat(PhoneNumbers.toE164(raw)).contains(expected);
    }

    @ParameterizedTest(name = "[{0}] is not E.164")
    @NullAndEmptySource
    @ValueSource(strings = {
            "4155550100", "(415) 555-0100", "020 7946 0958", "+0441234567", "+123456", "+1234567890123456",
            "+1415555O100", "++14155550100", "+1 415 555 0100 ext 2", "whatsapp:+14155550100", "client:alice",
            "12345", "+١٤١٥٥٥٥٠١٠٠"})
    void rejects(String raw) {
        assertThat(PhoneNumbers.toE164(raw)).isEmpty();
    }
}
