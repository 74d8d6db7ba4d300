package io.omnijourney.console.app;

import io.omnijourney.console.config.ConsoleConfig;
import io.omnijourney.console.domain.Viewer;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in sessions, in memory: bounded in number, forgotten when idle or old. A restart signs everybody out, which
 * is the price of never writing an API key anywhere. Behind several console replicas, the load balancer keeps a
 * browser on one (session affinity), or users sign in again.
 */
@ApplicationScoped
public class Sessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();
    private final ConsoleConfig config;
    private final Clock clock;

    @jakarta.inject.Inject
    public Sessions(ConsoleConfig config) {
        this(config, Clock.systemUTC());
    }

    Sessions(ConsoleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A new session for a key the services accepted. */
    public Session open(String apiKey, Viewer viewer) {
        Instant now = clock.instant();
        if (byId.size() >= config.maxSessions()) {
            evictExpired(now);
        }
        while (byId.size() >= config.maxSessions()) {
            byId.values().stream().min(Comparator.comparing(Session::lastSeen))
                    .ifPresent(oldest -> byId.remove(oldest.id()));
        }
        Session session = new Session(token(), apiKey, viewer, token(), now);
        byId.put(session.id(), session);
        return session;
    }

    /** The live session with this id, touched; empty when unknown, idle too long or too old. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Session session = byId.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            byId.remove(id);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    public void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    int size() {
        return byId.size();
    }

    private void evictExpired(Instant now) {
        byId.values().removeIf(s -> expired(s, now));
    }

    private boolean expired(Session s, Instant now) {
        return s.lastSeen().plus(config.sessionIdleTimeout()).isBefore(now)
                || s.createdAt().plus(config.sessionMaxAge()).isBefore(now);
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
