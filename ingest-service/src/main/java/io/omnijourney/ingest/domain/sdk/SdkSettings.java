package io.omnijourney.ingest.domain.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The source settings Segment's SDKs load before sending anything ({@code GET /v1/projects/{writeKey}/settings}):
 * analytics.js from its CDN, the mobile SDKs from their {@code cdnHost}. The only integration is {@code Segment.io},
 * pointed back at this service, so every event comes here and nothing goes to a third party: no device-mode
 * destinations, remote plugins or middleware, and the SDK's own health metrics off.
 */
public final class SdkSettings {

    private SdkSettings() {
    }

    public static Map<String, Object> of(String writeKey, TrackingEndpoint endpoint) {
        Map<String, Object> segmentIo = new LinkedHashMap<>();
        segmentIo.put("apiKey", writeKey);
        segmentIo.put("apiHost", endpoint.apiHost());
        segmentIo.put("protocol", endpoint.protocol());
        segmentIo.put("unbundledIntegrations", List.of());
        segmentIo.put("addBundledMetadata", true);
        segmentIo.put("maybeBundledConfigIds", Map.of());

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("integrations", Map.of("Segment.io", segmentIo));
        settings.put("plan", Map.of(
                "track", Map.of("__default", Map.of("enabled", true, "integrations", Map.of())),
                "identify", Map.of("__default", Map.of("enabled", true)),
                "group", Map.of("__default", Map.of("enabled", true))));
        settings.put("edgeFunction", Map.of());
        settings.put("analyticsNextEnabled", true);
        settings.put("middlewareSettings", Map.of());
        settings.put("enabledMiddleware", Map.of());
        settings.put("metrics", Map.of("sampleRate", 0, "host", endpoint.apiHost()));
        settings.put("legacyVideoPluginsEnabled", false);
        settings.put("remotePlugins", List.of());
        return settings;
    }
}
