package io.omnijourney.notification.app;

import io.omnijourney.contract.notification.NotificationRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data a template sees, all plain maps: {@code profile} (traits, plus {@code id}), {@code identifiers} (the first
 * value of each type: {@code identifiers.email}), {@code event} ({@code name} and {@code properties} of the trigger)
 * {@code vars} (journey variables) and {@code survey} (one-click answer links: {@code survey.nps}, {@code survey.csat},
 * {@code survey.ces}, each a list of {@code {score, url}}).
 */
public final class TemplateData {

    private TemplateData() {
    }

    public static Map<String, Object> of(String profileId, Map<String, List<String>> identifiers,
            Map<String, Object> traits, NotificationRequest.Trigger trigger, Map<String, Object> vars) {
        return of(profileId, identifiers, traits, trigger, vars, Map.of());
    }

    /** With {@code survey}: the signed answer links of the message ({@code SurveyLinks#templateData}). */
    public static Map<String, Object> of(String profileId, Map<String, List<String>> identifiers,
            Map<String, Object> traits, NotificationRequest.Trigger trigger, Map<String, Object> vars,
            Map<String, Object> survey) {
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
        data.put("survey", survey);
        return TemplateRenderer.plainMap(data);
    }

    /** A request's data, its recipient's identifiers and traits as {@link RecipientData} has them. */
    public static Map<String, Object> of(NotificationRequest request, RecipientData recipient,
            Map<String, Object> survey) {
        return of(request.profileId(), recipient.identifiers(), recipient.traits(), request.trigger(),
                request.variables(), survey);
    }
}
