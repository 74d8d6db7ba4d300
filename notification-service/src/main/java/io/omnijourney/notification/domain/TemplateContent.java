package io.omnijourney.notification.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of one locale variant of a template, per channel. Every part is a Qute template; {@link #parts()} names
 * them with the content type that decides how values are escaped when rendered.
 */
public sealed interface TemplateContent {

    String HTML = "text/html";
    String TEXT = "text/plain";
    String JSON = "application/json";

    MessageChannel channel();

    /** Part name to {@code [content type, template text]}; absent optional parts are left out. */
    Map<String, Part> parts();

    record Part(String contentType, String text) {
    }

    record Email(String subject, String html, String text) implements TemplateContent {
        public MessageChannel channel() {
            return MessageChannel.EMAIL;
        }

        public Map<String, Part> parts() {
            Map<String, Part> parts = new LinkedHashMap<>();
            parts.put("subject", new Part(TEXT, subject));
            if (html != null) {
                parts.put("html", new Part(HTML, html));
            }
            if (text != null) {
                parts.put("text", new Part(TEXT, text));
            }
            return parts;
        }
    }

    record Sms(String text) implements TemplateContent {
        public MessageChannel channel() {
            return MessageChannel.SMS;
        }

        public Map<String, Part> parts() {
            return Map.of("text", new Part(TEXT, text));
        }
    }

    /**
     * A WhatsApp message: free-form {@code text}, which WhatsApp delivers only inside the 24-hour session window the
     * customer's last inbound message opened, and/or an approved WhatsApp template ({@code contentSid}, Twilio's
     * Content API), which may start a conversation at any time; with one, its {@code variables} ({@code "1"} to
     * {@code "10"}) are Qute templates rendered per recipient, and the text is not sent.
     *
     * @param contentSid fixed (not a template): which approved template Twilio sends
     */
    record WhatsApp(String text, String contentSid, Map<String, String> variables) implements TemplateContent {

        /** The prefix of a variable's part name: {@code variables.1} is variable {@code 1}. */
        public static final String VARIABLE_PART = "variables.";

        public WhatsApp {
            variables = variables == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(inOrder(variables));
        }

        /** Variables in numeric order ("2" before "10"). */
        static Map<String, String> inOrder(Map<String, String> variables) {
            Map<String, String> sorted = new java.util.TreeMap<>(java.util.Comparator.comparingInt(String::length)
                    .thenComparing(java.util.Comparator.naturalOrder()));
            sorted.putAll(variables);
            return sorted;
        }

        public MessageChannel channel() {
            return MessageChannel.WHATSAPP;
        }

        public Map<String, Part> parts() {
            Map<String, Part> parts = new LinkedHashMap<>();
            if (text != null) {
                parts.put("text", new Part(TEXT, text));
            }
            variables.forEach((name, value) -> parts.put(VARIABLE_PART + name, new Part(TEXT, value)));
            return parts;
        }
    }

    record Push(String title, String body, String deepLink) implements TemplateContent {
        public MessageChannel channel() {
            return MessageChannel.PUSH;
        }

        public Map<String, Part> parts() {
            return titled(title, body, deepLink);
        }
    }

    record Inbox(String title, String body, String deepLink) implements TemplateContent {
        public MessageChannel channel() {
            return MessageChannel.INBOX;
        }

        public Map<String, Part> parts() {
            return titled(title, body, deepLink);
        }
    }

    /**
     * @param url  the target, fixed (not a template): a data-driven target would let profile data choose where the
     *             service connects
     * @param body a JSON document; values are JSON-string-escaped when rendered
     */
    record Webhook(String url, String body) implements TemplateContent {
        public MessageChannel channel() {
            return MessageChannel.WEBHOOK;
        }

        public Map<String, Part> parts() {
            return Map.of("body", new Part(JSON, body));
        }
    }

    private static Map<String, Part> titled(String title, String body, String deepLink) {
        Map<String, Part> parts = new LinkedHashMap<>();
        parts.put("title", new Part(TEXT, title));
        parts.put("body", new Part(TEXT, body));
        if (deepLink != null) {
            parts.put("deepLink", new Part(TEXT, deepLink));
        }
        return parts;
    }
}
