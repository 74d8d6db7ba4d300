package io.omnijourney.notification.app;

import io.omnijourney.contract.notification.NotificationRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What addressing, rendering and the outcome event use of a request's recipient. A request names the profile only,
 * so this comes from {@link ProfileCopy} (empty when there is none: an erased profile's copy is gone); a request of an
 * older version, still on the topic at an upgrade, carried its recipient's identifiers and traits and is served from
 * those. The locale is the one the journey decided with, else the copy's.
 */
public record RecipientData(Map<String, List<String>> identifiers, Map<String, Object> traits, String locale) {

    public RecipientData {
        identifiers = identifiers == null ? Map.of() : identifiers;
        traits = traits == null ? Map.of() : traits;
    }

    public static RecipientData of(NotificationRequest request, Optional<ProfileCopy> copy) {
        NotificationRequest.Recipient carried = request.recipient();
        if (request.carriesProfileData()) {
            return new RecipientData(carried.identifiers(), carried.traits(), carried.locale());
        }
        return copy.map(c -> new RecipientData(c.identifiers(), c.traits(),
                carried.locale() != null ? carried.locale() : c.locale()))
                .orElseGet(() -> new RecipientData(Map.of(), Map.of(), carried.locale()));
    }

    /** The first non-blank value of an identifier type. */
    public Optional<String> first(String type) {
        List<String> values = identifiers.get(type);
        return values == null ? Optional.empty() : values.stream().filter(v -> v != null && !v.isBlank()).findFirst();
    }

    /** userId and anonymousId when the profile has them; else its email or phone, for profile-service to resolve. */
    public Map<String, String> identity() {
        return identityOf(identifiers);
    }

    /** The first userId, anonymousId, email and phone among {@code identifiers}: whom an event about them names. */
    static Map<String, String> identityOf(Map<String, List<String>> identifiers) {
        Map<String, String> identity = new LinkedHashMap<>();
        for (String type : List.of("userId", "anonymousId", "email", "phone")) {
            List<String> values = identifiers.get(type);
            if (values != null && !values.isEmpty()) {
                identity.put(type, values.get(0));
            }
        }
        return identity;
    }
}
