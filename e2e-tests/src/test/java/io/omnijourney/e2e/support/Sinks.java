package io.omnijourney.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the local SMTP sink and the provider stand-in received, read through their JSON listings. */
public final class Sinks {

    public record Mail(String file, String to, String subject, String text) {
    }

    /**
     * One provider call; {@code form} holds the decoded fields of a form-encoded body (SMS); {@code traceparent} the
     * W3C trace context the service sent with it (empty when none).
     */
    public record ProviderRequest(String path, String body, Map<String, String> form, String traceparent) {
    }

    private final String mailUrl;
    private final String providersUrl;

    public Sinks(String mailUrl, String providersUrl) {
        this.mailUrl = mailUrl;
        this.providersUrl = providersUrl;
    }

    public List<Mail> mails() {
        List<Mail> mails = new ArrayList<>();
        for (JsonNode m : Http.get(mailUrl + "/api/messages", null).expect(200).json()) {
            mails.add(new Mail(m.path("file").asText(), m.path("to").asText(), m.path("subject").asText(),
                    m.path("text").asText()));
        }
        return mails;
    }

    public List<ProviderRequest> providerRequests() {
        List<ProviderRequest> requests = new ArrayList<>();
        for (JsonNode r : Http.get(providersUrl + "/api/requests", null).expect(200).json()) {
            String body = r.path("body").asText();
            requests.add(new ProviderRequest(r.path("path").asText(), body,
                    r.path("contentType").asText().startsWith("application/x-www-form-urlencoded") ? form(body)
                            : Map.of(), r.path("traceparent").asText()));
        }
        return requests;
    }

    /** SMS calls (Twilio-shaped) only. */
    public List<ProviderRequest> sms() {
        return providerRequests().stream().filter(r -> r.path().endsWith("/Messages.json")).toList();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
