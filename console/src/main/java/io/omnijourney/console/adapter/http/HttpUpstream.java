package io.omnijourney.console.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnijourney.console.app.Reply;
import io.omnijourney.console.app.Service;
import io.omnijourney.console.app.Upstream;
import io.omnijourney.console.app.UpstreamUnavailable;
import io.omnijourney.console.config.ConsoleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The services over HTTP, with the user's key in {@code X-API-Key}; bounded in time. */
@ApplicationScoped
public class HttpUpstream implements Upstream {

    private final ConsoleConfig config;
    private final ObjectMapper json;
    private final HttpClient client;

    public HttpUpstream(ConsoleConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Reply call(String apiKey, Service service, String method, String pathAndQuery, JsonNode body) {
        // Relative to the base, so a base URL with a path prefix (behind a proxy) keeps it.
        URI uri = base(service).resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.upstreamTimeout())
                .header("X-API-Key", apiKey).header("Accept", "application/json");
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 500) {
                throw new UpstreamUnavailable(service, "HTTP " + response.statusCode());
            }
            return new Reply(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            throw new UpstreamUnavailable(service, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailable(service, "interrupted");
        }
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private URI base(Service service) {
        URI base = switch (service) {
            case INGEST -> config.ingestUrl();
            case PROFILE -> config.profileUrl();
            case JOURNEY -> config.journeyUrl();
            case NOTIFICATION -> config.notificationUrl();
        };
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text : text + "/");
    }
}
