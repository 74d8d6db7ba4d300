package io.omnijourney.notification.domain;

import java.time.Duration;
import java.util.Optional;

/** What a provider answered to one attempt. */
public sealed interface SendOutcome {

    String provider();

    /** The provider took the message. */
    record Accepted(String provider, String providerMessageId) implements SendOutcome {
    }

    /** Worth trying again: timeout, connection failure, 5xx, 429 (with the provider's Retry-After if it sent one). */
    record Transient(String provider, String reason, Optional<Duration> retryAfter) implements SendOutcome {
    }

    /** Trying again cannot help: invalid number, refused target, 4xx. */
    record Permanent(String provider, String reason) implements SendOutcome {
    }

    /** Classifies an HTTP status: 2xx accepted elsewhere; 408, 429 and 5xx transient; every other 4xx permanent. */
    static boolean transientStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }
}
