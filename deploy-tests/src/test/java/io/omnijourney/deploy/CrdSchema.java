package io.omnijourney.deploy;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CustomResourceDefinition's structural OpenAPI v3 schema, applied the way the API server applies it: a field the
 * schema does not declare is refused unless the node preserves unknown fields, every value must have the declared
 * type (an integer is not a string, "3" is not an integer), and enums, patterns, bounds and required fields hold.
 * Used for kinds without a published Java model; {@code metadata} is left to the Kubernetes model.
 */
final class CrdSchema {

    private final Map<String, Object> root;

    private CrdSchema(Map<String, Object> root) {
        this.root = root;
    }

    /** Loads a schema from the test resources (YAML, anchors allowed). */
    static CrdSchema load(String resource) {
        try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no schema " + resource);
            }
            return new CrdSchema(new Yaml().load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void validate(Map<String, Object> object, List<String> problems) {
        check(object, root, "", problems);
    }

    @SuppressWarnings("unchecked")
    private static void check(Object value, Map<String, Object> schema, String path, List<String> problems) {
        if (value == null) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                problems.add(path + ": null is not allowed");
            }
            return;
        }
        if (path.equals(".metadata")) {
            return;
        }
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
            if (!(value instanceof Integer || value instanceof Long || value instanceof String)) {
                problems.add(path + ": must be an integer or a string, is " + describe(value));
            }
            return;
        }
        String type = (String) schema.get("type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> checkObject(value, schema, path, problems);
            case "array" -> {
                if (!(value instanceof List<?> items)) {
                    problems.add(path + ": must be an array, is " + describe(value));
                    return;
                }
                Map<String, Object> itemSchema = (Map<String, Object>) schema.get("items");
                for (int i = 0; i < items.size(); i++) {
                    if (itemSchema != null) {
                        check(items.get(i), itemSchema, path + "[" + i + "]", problems);
                    }
                }
            }
            case "string" -> {
                if (!(value instanceof String s)) {
                    problems.add(path + ": must be a string, is " + describe(value));
                    return;
                }
                checkEnum(value, schema, path, problems);
                if (schema.get("pattern") instanceof String pattern && !Pattern.compile(pattern).matcher(s).find()) {
                    problems.add(path + ": '" + s + "' does not match " + pattern);
                }
            }
            case "integer" -> {
                if (!(value instanceof Integer || value instanceof Long)) {
                    problems.add(path + ": must be an integer, is " + describe(value));
                    return;
                }
                long n = ((Number) value).longValue();
                if (schema.get("minimum") instanceof Number min && n < min.longValue()) {
                    problems.add(path + ": " + n + " is below the minimum " + min);
                }
                if (schema.get("maximum") instanceof Number max && n > max.longValue()) {
                    problems.add(path + ": " + n + " is above the maximum " + max);
                }
                checkEnum(value, schema, path, problems);
            }
            case "number" -> {
                if (!(value instanceof Number)) {
                    problems.add(path + ": must be a number, is " + describe(value));
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    problems.add(path + ": must be a boolean, is " + describe(value));
                }
            }
            default -> problems.add(path + ": the schema has an unknown type " + type);
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkObject(Object value, Map<String, Object> schema, String path, List<String> problems) {
        if (!(value instanceof Map<?, ?> raw)) {
            problems.add(path + ": must be an object, is " + describe(value));
            return;
        }
        Map<String, Object> fields = (Map<String, Object>) raw;
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        Object additional = schema.get("additionalProperties");
        boolean preserveUnknown = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            String fieldPath = path + "." + field.getKey();
            if (properties.containsKey(field.getKey())) {
                check(field.getValue(), (Map<String, Object>) properties.get(field.getKey()), fieldPath, problems);
            } else if (additional instanceof Map<?, ?> additionalSchema) {
                check(field.getValue(), (Map<String, Object>) additionalSchema, fieldPath, problems);
            } else if (!preserveUnknown && !Boolean.TRUE.equals(additional)) {
                problems.add(fieldPath + ": unknown field");
            }
        }
        for (Object required : (List<Object>) schema.getOrDefault("required", List.of())) {
            if (!fields.containsKey(required)) {
                problems.add(path + "." + required + ": required field missing");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkEnum(Object value, Map<String, Object> schema, String path, List<String> problems) {
        if (schema.get("enum") instanceof List<?> allowed && !((List<Object>) allowed).contains(value)) {
            problems.add(path + ": '" + value + "' is not one of " + allowed);
        }
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName() + " " + value;
    }
}
