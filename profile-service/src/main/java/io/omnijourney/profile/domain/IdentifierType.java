package io.omnijourney.profile.domain;

import java.util.List;

/**
 * The built-in identifier types. A custom identifier's type is the name of the trait that carries it (for example
 * {@code loyaltyCard}), which is why a type is a string and not an enum.
 */
public final class IdentifierType {

    public static final String USER_ID = "userId";
    public static final String ANONYMOUS_ID = "anonymousId";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String DEVICE_ID = "deviceId";

    public static final List<String> BUILT_IN = List.of(USER_ID, ANONYMOUS_ID, EMAIL, PHONE, DEVICE_ID);

    private IdentifierType() {
    }

    public static boolean isBuiltIn(String type) {
        return BUILT_IN.contains(type);
    }
}
