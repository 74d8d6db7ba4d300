package io.omnijourney.ingest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data builder for tracking API bodies. */
public final class Messages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Messages() {
    }

    public static Messages track(String event) {
        return of("track").with("event", event);
    }

    public static Messages of(String type) {
        Messages m = new Messages();
        m.fields.put("type", type);
        return m;
    }

    public static Messages untyped() {
        return new Messages();
    }

    public Messages with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    public Messages without(String field) {
        fields.remove(field);
        return this;
    }

    public Messages userId(String id) {
        return with("userId", id);
    }

    public Messages anonymousId(String id) {
        return with("anonymousId", id);
    }

    public Messages messageId(String id) {
        return with("messageId", id);
    }

    public Messages property(String key, Object value) {
        return nested("properties", key, value);
    }

    public Messages trait(String key, Object value) {
        return nested("traits", key, value);
    }

    public Messages context(String key, Object value) {
        return nested("context", key, value);
    }

    @SuppressWarnings("unchecked")
    private Messages nested(String field, String key, Object value) {
        ((Map<String, Object>) fields.computeIfAbsent(field, k -> new LinkedHashMap<String, Object>())).put(key, value);
        return this;
    }

    public Map<String, Object> map() {
        return fields;
    }

    public String json() {
        return toJson(fields);
    }

    public JsonNode node() {
        return MAPPER.valueToTree(fields);
    }

    public static Batch batch(Messages... messages) {
        return new Batch(messages);
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Batch {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        Batch(Messages... messages) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Messages m : messages) {
                list.add(m.map());
            }
            fields.put("batch", list);
        }

        public Batch with(String field, Object value) {
            fields.put(field, value);
            return this;
        }

        public String json() {
            return toJson(fields);
        }

        public JsonNode node() {
            return MAPPER.valueToTree(fields);
        }
    }
}
