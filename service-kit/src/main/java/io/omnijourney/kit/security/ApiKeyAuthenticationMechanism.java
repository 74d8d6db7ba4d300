package io.omnijourney.kit.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads an API key from {@code Authorization: Bearer <key>} or the configured header (default {@code X-API-Key}).
 * HTTP Basic is left alone: the tracking API uses it for write keys, which are checked by the ingest service itself.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private final String header;
    private final AuthFailures failures;

    public ApiKeyAuthenticationMechanism(ApiKeyConfig config, AuthFailures failures) {
        this.header = config.header();
        this.failures = failures;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = keyOf(context);
        if (key == null) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        String address = clientAddress(context);
        try {
            failures.checkAllowed(address);
        } catch (RuntimeException refused) {
            return Uni.createFrom().failure(refused);
        }
        return identityProviderManager.authenticate(new ApiKeyAuthenticationRequest(key))
                .onFailure(AuthenticationFailedException.class).invoke(() -> failures.failed(address));
    }

    /** The caller's address as the HTTP layer sees it (after proxy forwarding, when that is enabled). */
    public static String clientAddress(RoutingContext context) {
        SocketAddress remote = context.request().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"omnijourney\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }

    private String keyOf(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = authorization.substring(BEARER.length()).trim();
            return key.isEmpty() ? null : key;
        }
        String fromHeader = context.request().getHeader(header);
        return fromHeader == null || fromHeader.isBlank() ? null : fromHeader.trim();
    }
}
