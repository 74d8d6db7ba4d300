package io.omnijourney.console.app;

import com.fasterxml.jackson.databind.JsonNode;

/** Calls a service's REST API with a user's API key. */
public interface Upstream {

    /**
     * {@code pathAndQuery} is built by the console from encoded segments ({@link Paths}), never taken raw from a user.
     *
     * @throws UpstreamUnavailable when the service cannot be reached or does not answer in time
     */
    Reply call(String apiKey, Service service, String method, String pathAndQuery, JsonNode body);
}
