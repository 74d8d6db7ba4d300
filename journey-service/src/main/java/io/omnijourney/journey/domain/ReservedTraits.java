package io.omnijourney.journey.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Traits a journey's {@code update_trait} step may not write, because profile-service reads them as identity or
 * consent, which its REST API reserves for admins (consent overrides, erasure): the built-in identifiers
 * ({@code userId}, {@code anonymousId}, {@code email}, {@code phone}, {@code deviceId}), the addresses a message goes to
 * ({@code pushToken}, {@code deviceToken}), the opt-in traits profile-service turns into consent
 * ({@code emailOptIn}, {@code smsOptIn}, {@code whatsappOptIn}, {@code pushOptIn}), and any name about consent or subscription. Compared
 * without case: {@code Email} is {@code email} to a reader that lower-cases.
 */
public final class ReservedTraits {

    private static final Set<String> NAMES = Set.of("id", "userid", "anonymousid", "email", "phone", "deviceid",
            "pushtoken", "devicetoken", "emailoptin", "smsoptin", "whatsappoptin", "pushoptin", "previousid", "profileid");

    private static final Set<String> FRAGMENTS = Set.of("consent", "subscri", "optin", "optout", "opt_in",
            "opt_out", "suppress", "erase");

    private ReservedTraits() {
    }

    /** Why {@code trait} is reserved, or empty if a journey may write it. */
    public static Optional<String> reason(String trait) {
        String lower = trait.toLowerCase(Locale.ROOT);
        if (NAMES.contains(lower)) {
            return Optional.of("reserved trait '" + trait + "': identifiers, addresses and consent are changed "
                    + "only by the person or an admin, never by a journey");
        }
        for (String fragment : FRAGMENTS) {
            if (lower.contains(fragment)) {
                return Optional.of("reserved trait '" + trait + "': consent and subscription traits are changed "
                        + "only by the person or an admin, never by a journey");
            }
        }
        return Optional.empty();
    }
}
