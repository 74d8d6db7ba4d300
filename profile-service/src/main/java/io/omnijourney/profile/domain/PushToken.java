package io.omnijourney.profile.domain;

import java.util.Objects;

/**
 * A device's push address, as the mobile SDKs report it in {@code context.device.token}.
 *
 * @param platform {@code ios} or {@code android}, from {@code context.device.type}
 * @param seen     the latest event that carried it: tokens are kept newest first and the oldest go first
 */
public record PushToken(String token, String platform, EventStamp seen) {

    public PushToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(seen, "seen");
    }
}
