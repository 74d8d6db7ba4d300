package io.omnijourney.kit.security;

/** The roles of the security model (see ARCHITECTURE.md). */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String MARKETER = "marketer";
    public static final String ANALYST = "analyst";

    private Roles() {
    }
}
