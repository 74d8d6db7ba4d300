package io.omnijourney.ingest.domain.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.ingest.domain.InputProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

    private static AllowedOrigins parse(String... entries) {
        List<InputProblem> problems = new ArrayList<>();
        Optional<AllowedOrigins> origins = AllowedOrigins.parse(List.of(entries), problems);
        assertThat(problems).isEmpty();
        return origins.orElseThrow();
    }

    @Test
    void entriesAreNormalizedTheWayBrowsersSerializeTheOriginHeader() {
        AllowedOrigins origins = parse("HTTPS://Shop.Example:443/", "http://localhost:8080", "capacitor://localhost");

        assertThat(origins.entries()).containsExactly("https://shop.example", "http://localhost:8080",
                "capacitor://localhost");
        assertThat(origins.allows("https://shop.example")).isTrue();
        assertThat(origins.allows("http://localhost:8080")).isTrue();
        assertThat(origins.allows("http://shop.example")).isFalse();
        assertThat(origins.allows("https://shop.example:8443")).isFalse();
        assertThat(origins.allows("https://evil.example")).isFalse();
        assertThat(origins.allows("null")).isFalse();
        assertThat(origins.allows(null)).isFalse();
    }

    @Test
    void aWildcardCoversSubdomainsButNotTheHostItselfNorLookAlikes() {
        AllowedOrigins origins = parse("https://*.shop.example");

        assertThat(origins.allows("https://www.shop.example")).isTrue();
        assertThat(origins.allows("https://a.b.shop.example")).isTrue();
        assertThat(origins.allows("https://shop.example")).isFalse();
        assertThat(origins.allows("https://evilshop.example")).isFalse();
        assertThat(origins.allows("http://www.shop.example")).isFalse();
        assertThat(origins.allows("https://www.shop.example.evil.com")).isFalse();
        assertThat(origins.entries()).containsExactly("https://*.shop.example");
    }

    @Test
    void starAllowsEveryOriginAndWebAndMobileDefaultToIt() {
        assertThat(parse("https://a.example", "*").allowsAny()).isTrue();
        assertThat(AllowedOrigins.defaultFor(Channel.WEB).allows("https://anything.example")).isTrue();
        assertThat(AllowedOrigins.defaultFor(Channel.MOBILE).allowsAny()).isTrue();
        assertThat(AllowedOrigins.defaultFor(Channel.STORE).isEmpty()).isTrue();
        assertThat(AllowedOrigins.defaultFor(Channel.CALL_CENTER).allows("https://a.example")).isFalse();
    }

    @Test
    void invalidEntriesAreReportedOneByOne() {
        List<InputProblem> problems = new ArrayList<>();
        Optional<AllowedOrigins> origins = AllowedOrigins.parse(List.of("https://ok.example",
                "https://shop.example/path", "shop.example", "https://user@shop.example", "https://*.", "x".repeat(400)),
                problems);

        assertThat(origins).isEmpty();
        assertThat(problems).extracting(InputProblem::field).containsExactly("allowedOrigins[1]", "allowedOrigins[2]",
                "allowedOrigins[3]", "allowedOrigins[4]", "allowedOrigins[5]");
    }

    @Test
    void theNumberOfEntriesIsBounded() {
        List<InputProblem> problems = new ArrayList<>();
        List<String> many = new ArrayList<>(Collections.nCopies(AllowedOrigins.MAX_ENTRIES + 1, "https://a.example"));

        assertThat(AllowedOrigins.parse(many, problems)).isEmpty();
        assertThat(problems).singleElement().extracting(InputProblem::field).isEqualTo("allowedOrigins");
    }

    @Test
    void theUnionAnswersForEverySource() {
        AllowedOrigins union = parse("https://a.example").plus(parse("https://*.b.example"))
                .plus(AllowedOrigins.NONE);

        assertThat(union.allows("https://a.example")).isTrue();
        assertThat(union.allows("https://x.b.example")).isTrue();
        assertThat(union.allows("https://c.example")).isFalse();
        assertThat(union.plus(AllowedOrigins.EVERY).allowsAny()).isTrue();
    }

    @Test
    void storedEntriesReadBackEqual() {
        AllowedOrigins origins = parse("https://a.example", "https://*.b.example:8443");

        assertThat(AllowedOrigins.ofStored(origins.entries())).isEqualTo(origins);
        assertThat(origins.allows("https://x.b.example:8443")).isTrue();
    }
}
