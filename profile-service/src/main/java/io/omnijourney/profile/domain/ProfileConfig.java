package io.omnijourney.profile.domain;

import java.util.Objects;

/** Everything configurable about how events shape a profile. */
public record ProfileConfig(IdentityConfig identity, ProfileLimits limits) {

    public ProfileConfig {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(limits, "limits");
    }

    public static ProfileConfig defaults() {
        return new ProfileConfig(IdentityConfig.defaults(), ProfileLimits.DEFAULTS);
    }

    public ProfileConfig withIdentity(IdentityConfig value) {
        return new ProfileConfig(value, limits);
    }

    public ProfileConfig withLimits(ProfileLimits value) {
        return new ProfileConfig(identity, value);
    }
}
