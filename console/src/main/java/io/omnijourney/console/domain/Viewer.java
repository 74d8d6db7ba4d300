package io.omnijourney.console.domain;

import java.util.Set;

/**
 * Who is signed in, as the services know the key: its name and roles. The console only reflects the roles (which
 * controls it shows); the services enforce them on every call.
 */
public record Viewer(String name, Set<String> roles) {

    public static final String ADMIN = "admin";
    public static final String MARKETER = "marketer";
    public static final String ANALYST = "analyst";

    public Viewer {
        roles = Set.copyOf(roles);
    }

    /** Journeys, templates and segments can be changed. */
    public boolean canEdit() {
        return roles.contains(MARKETER) || roles.contains(ADMIN);
    }

    /** Sources, erasure and consent overrides. */
    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    /** Profiles, timelines and metrics can be read. */
    public boolean canReadProfiles() {
        return !roles.isEmpty();
    }

    /** Dashboards (CX metrics and series) are for analysts and admins. */
    public boolean canReadMetrics() {
        return roles.contains(ANALYST) || roles.contains(ADMIN);
    }

    /** The highest role, for the header. */
    public String role() {
        return isAdmin() ? ADMIN : roles.contains(MARKETER) ? MARKETER : roles.contains(ANALYST) ? ANALYST : "none";
    }
}
