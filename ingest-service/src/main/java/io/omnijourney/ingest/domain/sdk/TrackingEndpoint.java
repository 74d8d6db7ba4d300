package io.omnijourney.ingest.domain.sdk;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where SDKs send events, in the two parts the Segment SDKs take: {@code protocol} and {@code apiHost} (host, port
 * and path without the scheme, ending in {@code /v1}, as in Segment's default {@code api.segment.io/v1}).
 */
public record TrackingEndpoint(String protocol, String apiHost) {

    /** A host header is client input: only host names, IPv4/IPv6 literals and a port pass. */
    private static final Pattern AUTHORITY = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?"
            + "|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?");

    /**
     * From a configured public base URL such as {@code https://track.example.com} or
     * {@code https://shop.example/collect} (behind a proxy path).
     */
    public static Optional<TrackingEndpoint> fromBaseUrl(String baseUrl) {
        try {
            URI uri = new URI(baseUrl.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getRawAuthority() == null) {
                return Optional.empty();
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            return Optional.of(new TrackingEndpoint(scheme, uri.getRawAuthority() + path + "/v1"));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** From the scheme and {@code Host} of the request that asked; empty for a host header that is not a host. */
    public static Optional<TrackingEndpoint> fromRequest(String scheme, String authority) {
        if (authority == null || !AUTHORITY.matcher(authority).matches()) {
            return Optional.empty();
        }
        String protocol = "https".equalsIgnoreCase(scheme) ? "https" : "http";
        return Optional.of(new TrackingEndpoint(protocol, authority.toLowerCase(Locale.ROOT) + "/v1"));
    }
}
