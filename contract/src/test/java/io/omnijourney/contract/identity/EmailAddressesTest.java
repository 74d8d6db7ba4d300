package io.omnijourney.contract.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "jane@example.com            | jane@example.com",
            "'  Jane.Doe@Example.COM  '  | jane.doe@example.com",
            "JANE+news@sub.example.co.uk | jane+news@sub.example.co.uk",
            "root@localhost              | root@localhost",
            "'\tjane@example.com\n'      | jane@example.com",
    })
    void normalizes(String raw, String expected) {
        assertThat(EmailAddresses.normalize(raw)).contains(expected);
    }

    @ParameterizedTest(name = "[{0}] is not an email")
    @NullAndEmptySource
    @ValueSource(strings = {
            "   ", "jane", "jane@", "@example.com", "jane@@example.com", "jane@exa@mple.com", "jane doe@example.com",
            "jane@exa mple.com", "jane@example..com", "jane@.example.com", "jane@example.com.", "jane@\u0000x.com",
            "jane@exa\u00a0mple.com"})
    void rejects(String raw) {
        assertThat(EmailAddresses.normalize(raw)).isEmpty();
    }

    @Test
    void acceptsUpTo254CharactersAndRejectsLonger() {
        String domain = "@example.com";
        String fits = "a".repeat(EmailAddresses.MAX_LENGTH - domain.length()) + domain;
        assertThat(EmailAddresses.normalize(fits)).contains(fits);
        assertThat(EmailAddresses.normalize("a" + fits)).isEmpty();
    }
}
