package io.omnijourney.kit.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Resolves an API key to an identity named after the configured key, with that key's roles. */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private final Map<String, Grant> grantsByDigest;

    public ApiKeyIdentityProvider(ApiKeyConfig config) {
        this.grantsByDigest = config.apiKeys().entrySet().stream()
                .flatMap(e -> digestOf(e.getValue()).map(d -> Map.entry(d, new Grant(e.getKey(), e.getValue().roles())))
                        .stream())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request,
            AuthenticationRequestContext context) {
        String digest = ApiKeys.sha256Hex(request.key());
        Grant grant = grantsByDigest.get(digest);
        if (grant == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown API key"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(grant.name()))
                .addRoles(grant.roles())
                .build());
    }

    private static Optional<String> digestOf(ApiKeyConfig.ApiKey key) {
        return key.keySha256().map(String::toLowerCase).or(() -> key.key().map(ApiKeys::sha256Hex));
    }

    private record Grant(String name, Set<String> roles) {
    }
}
