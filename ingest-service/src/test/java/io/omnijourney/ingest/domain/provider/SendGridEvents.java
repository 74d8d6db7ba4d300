package io.omnijourney.ingest.domain.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test data builder for SendGrid Event Webhook items and bodies: a valid item of a kind, then only what a test needs. */
final class SendGridEvents {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long TIMESTAMP = 1_700_000_000L;

    private final ObjectNode node = JSON.createObjectNode();

    private SendGridEvents(String event, String eventId) {
        node.put("email", "jane@example.com");
        node.put("timestamp", TIMESTAMP);
        node.put("smtp-id", "<14c5d75ce93.dfd.64b469@ismtpd-555>");
        node.put("event", event);
        node.put("sg_event_id", eventId);
        node.put("sg_message_id", "msg-" + eventId);
    }

    static SendGridEvents event(String event) {
        return new SendGridEvents(event, "ev-" + event);
    }

    static SendGridEvents event(String event, String eventId) {
        return new SendGridEvents(event, eventId);
    }

    SendGridEvents with(String field, String value) {
        node.put(field, value);
        return this;
    }

    SendGridEvents with(String field, long value) {
        node.put(field, value);
        return this;
    }

    SendGridEvents with(String field, double value) {
        node.put(field, value);
        return this;
    }

    SendGridEvents with(String field, boolean value) {
        node.put(field, value);
        return this;
    }

    SendGridEvents with(String field, JsonNode value) {
        node.set(field, value);
        return this;
    }

    SendGridEvents without(String field) {
        node.remove(field);
        return this;
    }

    ObjectNode build() {
        return node.deepCopy();
    }

    static ArrayNode body(Object... items) {
        ArrayNode array = JSON.createArrayNode();
        for (Object item : items) {
            array.add(item instanceof SendGridEvents builder ? builder.build() : JSON.valueToTree(item));
        }
        return array;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
