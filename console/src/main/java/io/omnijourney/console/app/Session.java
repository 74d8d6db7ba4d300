package io.omnijourney.console.app;

import io.omnijourney.console.domain.Viewer;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One signed-in browser. The API key stays here, on the server: the page gets only the session id (in an
 * {@code HttpOnly} cookie) and the CSRF token its forms send back.
 */
public final class Session {

    private final String id;
    private final String apiKey;
    private final Viewer viewer;
    private final String csrfToken;
    private final Instant createdAt;
    private volatile Instant lastSeen;

    Session(String id, String apiKey, Viewer viewer, String csrfToken, Instant createdAt) {
        this.id = id;
        this.apiKey = apiKey;
        this.viewer = viewer;
        this.csrfToken = csrfToken;
        this.createdAt = createdAt;
        this.lastSeen = createdAt;
    }

    public String id() {
        return id;
    }

    public String apiKey() {
        return apiKey;
    }

    public Viewer viewer() {
        return viewer;
    }

    public String csrfToken() {
        return csrfToken;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }

    /** Whether a submitted form carries this session's token (compared in constant time). */
    public boolean acceptsCsrf(String submitted) {
        return submitted != null && MessageDigest.isEqual(submitted.getBytes(StandardCharsets.UTF_8),
                csrfToken.getBytes(StandardCharsets.UTF_8));
    }
}
