package io.omnijourney.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** Plain HTTP calls to the Tracking API, as any server-side integration makes them (HTTP Basic with the write key). */
public final class IngestClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String url;
    private final String authorization;

    public IngestClient(String ingestUrl, String writeKey) {
        this.url = ingestUrl;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** POST /v1/{type}; returns the HTTP status. */
    public int post(String type, Map<String, Object> body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/" + type)).timeout(Duration.ofSeconds(15))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.json(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
