package io.omnijourney.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierNormalizerTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "alice@example.org|alice@example.org",
            "  Alice@Example.ORG  |alice@example.org",
            "BOB.SMITH+news@Mail.Example.co.uk|bob.smith+news@mail.example.co.uk"})
    void emails_are_trimmed_and_lower_cased(String raw, String expected) {
        assertThat(IdentifierNormalizer.email(raw)).contains(expected);
    }

    @ParameterizedTest(name = "[{0}] is not an email")
    @ValueSource(strings = {"not-an-email", "alice smith@example.org", "@example.org",
            "alice@@example.org", "alice@example.", ""})
    void malformed_emails_are_refused(String raw) {
        assertThat(IdentifierNormalizer.email(raw)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+15551234567|+15551234567",
            "+1 (555) 123-4567|+15551234567",
            "0049 30 1234567|+49301234567",
            "+44.20.7946.0958|+442079460958",
            " +33 6 12 34 56 78 |+33612345678",
            "+1234567|+1234567",
            "+123456789012345|+123456789012345"})
    void phones_become_e164(String raw, String expected) {
        assertThat(IdentifierNormalizer.phone(raw)).contains(expected);
    }

    @ParameterizedTest(name = "[{0}] is not E.164")
    @ValueSource(strings = {
            "0612345678",          // national number: the country is unknown
            "+0612345678",         // country codes never start with 0
            "+123456",             // too short
            "+1234567890123456",   // 16 digits: too long
            "+1 555 CALL NOW",
            "++15551234567",
            "15551234567",
            ""})
    void phones_that_are_not_e164_are_refused(String raw) {
        assertThat(IdentifierNormalizer.phone(raw)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}] in {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "912 345 678|PT|+351912345678",
            "21 123 4567|PT|+351211234567",
            "06 12 34 56 78|FR|+33612345678",
            "(650) 253-0000|US|+16502530000",
            "+44 20 7946 0958|PT|+442079460958",
            "0049 30 1234567|PT|+49301234567"})
    void nationalNumbersAreReadInTheDefaultRegion(String raw, String region, String expected) {
        assertThat(IdentifierNormalizer.phone(raw, region)).contains(expected);
    }

    @ParameterizedTest(name = "[{0}] in {1} is refused")
    @CsvSource(delimiter = '|', value = {
            "12|PT",                      // too short for any number there
            "0612345678|PT",              // a French mobile, not a Portuguese number
            "1-800-FLOWERS|US",           // letters are not read as digits
            "+0612345678|PT",             // not international either
            "912 345 678 912 345 678 912 345 678 912 345|PT"})
    void whatIsNotAValidNumberOfTheRegionIsRefused(String raw, String region) {
        assertThat(IdentifierNormalizer.phone(raw, region)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void withoutARegionNationalNumbersAreRefusedAndTheRegionIsChecked() {
        assertThat(IdentifierNormalizer.phone("912 345 678", null)).isEmpty();
        assertThat(IdentityConfig.defaults().withPhoneDefaultRegion("pt").phoneDefaultRegion()).isEqualTo("PT");
        assertThat(IdentityConfig.defaults().withPhoneDefaultRegion("pt").phone("912345678"))
                .contains("+351912345678");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdentityConfig.defaults()
                .withPhoneDefaultRegion("Portugal")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PORTUGAL");
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {"u-1|u-1", "  u-1  |u-1", "Case-Kept|Case-Kept"})
    void opaque_identifiers_are_only_trimmed(String raw, String expected) {
        assertThat(IdentifierNormalizer.opaque(raw)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"   ", "tab\tinside", "line\nbreak"})
    void opaque_identifiers_refuse_blank_and_control_characters(String raw) {
        assertThat(IdentifierNormalizer.opaque(raw)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void opaque_identifiers_are_bounded_in_length() {
        assertThat(IdentifierNormalizer.opaque("x".repeat(IdentifierNormalizer.MAX_LENGTH))).isPresent();
        assertThat(IdentifierNormalizer.opaque("x".repeat(IdentifierNormalizer.MAX_LENGTH + 1))).isEmpty();
    }
}
