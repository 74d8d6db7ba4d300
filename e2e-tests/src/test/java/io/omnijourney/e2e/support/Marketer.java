package io.omnijourney.e2e.support;

import static io.omnijourney.e2e.support.Stack.ADMIN_KEY;
import static io.omnijourney.e2e.support.Stack.MARKETER_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** What a marketer does over the REST APIs: templates in notification-service, journeys in journey-service. */
public final class Marketer {

    private final Stack stack;

    public Marketer(Stack stack) {
        this.stack = stack;
    }

    public void emailTemplate(String id, String subject, String text) {
        Http.put(stack.notification.url() + "/templates/" + id + "/email", MARKETER_KEY, Map.of("defaultLocale", "en",
                "locales", Map.of("en", Map.of("subject", subject, "text", text)))).expect(200);
    }

    public void smsTemplate(String id, String text) {
        Http.put(stack.notification.url() + "/templates/" + id + "/sms", MARKETER_KEY, Map.of("defaultLocale", "en",
                "locales", Map.of("en", Map.of("text", text)))).expect(200);
    }

    /**
     * An email template an admin marks transactional (only then do requests of category transactional skip
     * marketing opt-outs and caps with it).
     */
    public void transactionalEmailTemplate(String id, String subject, String text) {
        Http.put(stack.notification.url() + "/templates/" + id + "/email", ADMIN_KEY, Map.of("defaultLocale", "en",
                "transactional", true, "locales", Map.of("en", Map.of("subject", subject, "text", text))))
                .expect(200);
    }

    /** An SMS template an admin marks transactional. */
    public void transactionalSmsTemplate(String id, String text) {
        Http.put(stack.notification.url() + "/templates/" + id + "/sms", ADMIN_KEY, Map.of("defaultLocale", "en",
                "transactional", true, "locales", Map.of("en", Map.of("text", text)))).expect(200);
    }

    /** Creates the journey from its JSON definition and publishes it; returns its id. */
    public String publishJourney(String definition) {
        String id = Http.post(stack.journey.url() + "/journeys", MARKETER_KEY, definition).expect(201).json()
                .path("id").asText();
        Http.post(stack.journey.url() + "/journeys/" + id + "/publish", MARKETER_KEY, "{}").expect(200);
        return id;
    }

    public JsonNode journeyStats(String id) {
        return Http.get(stack.journey.url() + "/journeys/" + id + "/stats", MARKETER_KEY).expect(200).json();
    }
}
