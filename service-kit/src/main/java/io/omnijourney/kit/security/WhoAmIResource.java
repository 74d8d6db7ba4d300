package io.omnijourney.kit.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The caller's API key: its configured name and roles ({@code GET /auth/whoami}). The console asks it at sign-in to
 * learn which pages to show; the services still enforce the roles on every call. Every service has it.
 */
@Path("/auth/whoami")
@RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.ANALYST})
@Produces(MediaType.APPLICATION_JSON)
public class WhoAmIResource {

    /** The key's name and its roles, sorted. */
    public record WhoAmIResponse(String name, List<String> roles) {
    }

    private final SecurityIdentity identity;

    public WhoAmIResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    public WhoAmIResponse whoami() {
        return new WhoAmIResponse(identity.getPrincipal().getName(), identity.getRoles().stream().sorted().toList());
    }
}
