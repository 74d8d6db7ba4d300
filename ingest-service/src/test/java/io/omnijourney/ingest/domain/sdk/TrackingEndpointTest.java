package io.omnijourney.ingest.domain.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingEndpointTest {

    @Test
    void aConfiguredBaseUrlGivesProtocolAndApiHostKeepingAProxyPath() {
        assertThat(TrackingEndpoint.fromBaseUrl("https://track.example.com"))
                .contains(new TrackingEndpoint("https", "track.example.com/v1"));
        assertThat(TrackingEndpoint.fromBaseUrl("https://shop.example/collect/"))
                .contains(new TrackingEndpoint("https", "shop.example/collect/v1"));
        assertThat(TrackingEndpoint.fromBaseUrl("http://localhost:8081"))
                .contains(new TrackingEndpoint("http", "localhost:8081/v1"));
        assertThat(TrackingEndpoint.fromBaseUrl("ftp://x.example")).isEmpty();
        assertThat(TrackingEndpoint.fromBaseUrl("track.example.com")).isEmpty();
    }

    @Test
    void aHostHeaderMustBeAHost() {
        assertThat(TrackingEndpoint.fromRequest("http", "Localhost:8081"))
                .contains(new TrackingEndpoint("http", "localhost:8081/v1"));
        assertThat(TrackingEndpoint.fromRequest("https", "[::1]:8443"))
                .contains(new TrackingEndpoint("https", "[::1]:8443/v1"));
        assertThat(TrackingEndpoint.fromRequest("http", "evil.example/\"><script>")).isEmpty();
        assertThat(TrackingEndpoint.fromRequest("http", "a.example:8081/path")).isEmpty();
        assertThat(TrackingEndpoint.fromRequest("http", null)).isEmpty();
        assertThat(TrackingEndpoint.fromRequest("http", "x".repeat(300))).isEmpty();
    }

    @Test
    void settingsPointTheSegmentIntegrationBackHereAndLoadNothingElse() {
        Map<String, Object> settings = SdkSettings.of("wk_1", new TrackingEndpoint("https", "track.example.com/v1"));

        @SuppressWarnings("unchecked")
        Map<String, Object> segmentIo = (Map<String, Object>) ((Map<String, Object>) settings.get("integrations"))
                .get("Segment.io");
        assertThat(segmentIo).containsEntry("apiKey", "wk_1").containsEntry("apiHost", "track.example.com/v1")
                .containsEntry("protocol", "https");
        assertThat(((Map<?, ?>) settings.get("integrations")).keySet()).isEqualTo(java.util.Set.of("Segment.io"));
        assertThat(settings).containsEntry("remotePlugins", java.util.List.of())
                .containsEntry("enabledMiddleware", Map.of());
        assertThat(((Map<?, ?>) settings.get("metrics")).get("sampleRate")).isEqualTo(0);
    }
}
