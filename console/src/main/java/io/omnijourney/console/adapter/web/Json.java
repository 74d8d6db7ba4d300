package io.omnijourney.console.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/** JSON from the services as plain maps and lists for the templates, and pretty text for editors. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode node) {
        return node != null && node.isObject() ? MAPPER.convertValue(node, Map.class) : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(JsonNode node) {
        return node != null && node.isArray() ? MAPPER.convertValue(node, List.class) : List.of();
    }

    static String pretty(JsonNode node) {
        try {
            return node == null || node.isMissingNode() ? "" : MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return node.toString();
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
