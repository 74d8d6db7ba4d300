package io.omnijourney.journey.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test data: the shipped examples, and definitions written inline with single quotes for readability. */
public final class Definitions {

    private Definitions() {
    }

    public static ObjectNode example(String name) {
        try (InputStream in = Definitions.class.getResourceAsStream("/examples/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + name);
            }
            return (ObjectNode) TouchpointCodec.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON with ' for " so definitions read well inside Java strings. */
    public static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) TouchpointCodec.mapper().readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JourneyDefinition parse(JsonNode node) {
        return DefinitionParser.parse(node);
    }
}
