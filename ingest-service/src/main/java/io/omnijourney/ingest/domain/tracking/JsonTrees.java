package io.omnijourney.ingest.domain.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.ingest.domain.InputProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks parsed JSON once per message on the ingest hot path: converts a payload to plain maps and lists (integers as
 * {@code Long}, what CEL and MongoDB expect) while checking its keys, and estimates serialized sizes without
 * serializing.
 */
final class JsonTrees {

    private JsonTrees() {
    }

    /**
     * Converts an object to an unmodifiable map, recording every key that must not get in: a key starting with '$'
     * could become a MongoDB operator downstream, NUL and empty keys are not valid document field names.
     */
    static Map<String, Object> toCheckedMap(ObjectNode node, String at, List<InputProblem> problems) {
        return toCheckedMap(node, new Path(null, at, -1), problems);
    }

    /** Where a value sits; turned into text only when a problem is reported, never on the happy path. */
    private record Path(Path parent, String key, int index) {
        @Override
        public String toString() {
            String prefix = parent == null ? "" : parent.toString();
            return key != null ? (parent == null ? key : prefix + "." + key) : prefix + "[" + index + "]";
        }
    }

    private static Map<String, Object> toCheckedMap(ObjectNode node, Path at, List<InputProblem> problems) {
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 2));
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.isEmpty()) {
                problems.add(new InputProblem(at.toString(), "keys must not be empty"));
            } else if (key.charAt(0) == '$') {
                problems.add(new InputProblem(new Path(at, key, -1).toString(), "keys must not start with '$'"));
            } else if (key.indexOf('\0') >= 0) {
                problems.add(new InputProblem(at.toString(), "keys must not contain NUL characters"));
            }
            JsonNode value = field.getValue();
            map.put(key, value.isContainerNode() ? toValue(value, new Path(at, key, -1), problems)
                    : toValue(value, at, problems));
        }
        return Collections.unmodifiableMap(map);
    }

    private static Object toValue(JsonNode node, Path at, List<InputProblem> problems) {
        return switch (node.getNodeType()) {
            case STRING -> node.textValue();
            case NUMBER -> node.isIntegralNumber() ? (node.canConvertToLong() ? (Object) node.longValue()
                    : node.bigIntegerValue()) : (node.isBigDecimal() ? node.decimalValue() : node.doubleValue());
            case BOOLEAN -> node.booleanValue();
            case OBJECT -> toCheckedMap((ObjectNode) node, at, problems);
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    list.add(toValue(node.get(i), new Path(at, null, i), problems));
                }
                yield Collections.unmodifiableList(list);
            }
            default -> null;
        };
    }

    /**
     * The size of the node as compact JSON, counting characters (a multi-byte character counts once, an escaped one
     * once): close enough for a 32 KB bound, and far cheaper than serializing every event to measure it.
     */
    static int estimatedSize(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> node.textValue().length() + 2;
            case NUMBER, BOOLEAN -> node.asText().length();
            case OBJECT -> {
                int size = 2 + Math.max(0, node.size() - 1);
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    size += field.getKey().length() + 3 + estimatedSize(field.getValue());
                }
                yield size;
            }
            case ARRAY -> {
                int size = 2 + Math.max(0, node.size() - 1);
                for (JsonNode item : node) {
                    size += estimatedSize(item);
                }
                yield size;
            }
            default -> 4;
        };
    }
}
