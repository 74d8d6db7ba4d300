package io.omnijourney.ingest.domain.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.ingest.domain.InputProblem;
import io.omnijourney.ingest.domain.InvalidInputException;
import io.omnijourney.ingest.domain.source.AllowedOrigins;
import io.omnijourney.ingest.domain.source.Source;
import io.omnijourney.ingest.domain.source.SourceKind;
import io.omnijourney.ingest.domain.source.SourceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QrCodeTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static Source store(List<String> origins) {
        return new Source("src-1", "Lisbon store", Channel.STORE, SourceKind.TRACKING, SourceStatus.ACTIVE,
                Optional.empty(), Optional.empty(), "wk_abcdef", NOW, NOW, null,
                AllowedOrigins.parse(origins, new ArrayList<>()).orElseThrow());
    }

    private static final Source STORE = store(List.of("https://shop.example.com", "https://*.example.org"));

    private static List<String> fields(Runnable creation) {
        try {
            creation.run();
        } catch (InvalidInputException e) {
            return e.problems().stream().map(InputProblem::field).toList();
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void aCodeGoesToATargetOnAnAllowedOriginAndCarriesItsProperties() {
        QrCode code = QrCode.create("qr_1", STORE, "Window poster", "https://shop.example.com/xmas?utm=qr#top",
                Map.of("store_id", "lisbon-1", "floor", 2, "promo", true), NOW);
        assertThat(code.sourceId()).isEqualTo("src-1");
        assertThat(code.properties()).containsEntry("store_id", "lisbon-1").containsEntry("floor", 2);
        assertThat(code.redirectFor("a-1")).isEqualTo("https://shop.example.com/xmas?utm=qr&ajs_aid=a-1#top");
        assertThat(QrCode.create("qr_2", STORE, "Tag", "https://www.example.org", Map.of(), NOW).redirectFor("a-1"))
                .isEqualTo("https://www.example.org?ajs_aid=a-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example.net/x", "http://shop.example.com/", "javascript:alert(1)",
            "https://user@shop.example.com/", "/relative", "https://shop.example.com:8443/", "not a url at all"})
    void aTargetOffTheSourcesOriginsIsRefused(String target) {
        assertThat(fields(() -> QrCode.create("qr_1", STORE, "x", target, Map.of(), NOW))).containsExactly("target");
    }

    @Test
    void aSourceThatAllowsAnyOriginCannotHaveCodesUntilItListsThem() {
        assertThat(fields(() -> QrCode.create("qr_1", store(List.of("*")), "x", "https://anything.example/",
                Map.of(), NOW))).containsExactly("target");
    }

    @Test
    void everyBadFieldIsNamed() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("$where", "x");
        properties.put("nested", Map.of("a", 1));
        properties.put("long", "x".repeat(QrCode.MAX_VALUE_LENGTH + 1));
        properties.put("ok", "fine");
        assertThat(fields(() -> QrCode.create("qr_1", STORE, " ", "https://shop.example.com/", properties, NOW)))
                .containsExactly("name", "properties.$where", "properties.nested", "properties.long");
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i <= QrCode.MAX_PROPERTIES; i++) {
            many.put("k" + i, i);
        }
        assertThat(fields(() -> QrCode.create("qr_1", STORE, "x", "https://shop.example.com/", many, NOW)))
                .containsExactly("properties");
        assertThatThrownBy(() -> QrCode.create("qr_1", STORE, "x", "https://shop.example.com/"
                + "a".repeat(QrCode.MAX_TARGET_LENGTH), Map.of(), NOW)).isInstanceOf(InvalidInputException.class);
    }
}
