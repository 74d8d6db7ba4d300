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
