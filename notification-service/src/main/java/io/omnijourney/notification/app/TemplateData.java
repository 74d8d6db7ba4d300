package io.omnijourney.notification.app;

import io.omnijourney.contract.notification.NotificationRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data a template sees, all plain maps: {@code profile} (traits, plus {@code id}), {@code identifiers} (the first
 * value of each type: {@code identifiers.email}), {@code event} ({@code name} and {@code properties} of the trigger)
 * and {@code vars} (journey variables).
 */
public final class TemplateData {

    private TemplateData() {
    }

    public static Map<String, Object> of(String profileId, Map<String, List<String>> identifiers,
            Map<String, Object> traits, NotificationRequest.Trigger trigger, Map<String, Object> vars) {
        Map<String, Object> profile = new LinkedHashMap<>(traits == null ? Map.of() : traits);
        profile.put("id", profileId);
        Map<String, Object> firstIdentifiers = new LinkedHashMap<>();
        if (identifiers != null) {
            identifiers.forEach((type, values) -> {
                if (values != null && !values.isEmpty()) {
                    firstIdentifiers.put(type, values.get(0));
                }
            });
        }
        Map<String, Object> event = new LinkedHashMap<>();
        if (trigger != null) {
            event.put("name", trigger.event());
            event.put("properties", trigger.properties() == null ? Map.of() : trigger.properties());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("profile", profile);
        data.put("identifiers", firstIdentifiers);
        data.put("event", event);
        data.put("vars", vars == null ? Map.of() : vars);
        return TemplateRenderer.plainMap(data);
    }

    /** A request's data, its recipient's identifiers and traits as {@link RecipientData} has them. */
    public static Map<String, Object> of(NotificationRequest request, RecipientData recipient) {
        return of(request.profileId(), recipient.identifiers(), recipient.traits(), request.trigger(),
                request.variables());
    }
}
