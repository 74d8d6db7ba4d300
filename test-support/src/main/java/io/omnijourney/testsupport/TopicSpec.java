package io.omnijourney.testsupport;

import java.util.Arrays;
import java.util.List;

/** A topic to create, written {@code name} or {@code name:partitions}. */
record TopicSpec(String name, int partitions) {

    TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least one partition");
        }
    }

    static TopicSpec parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon < 0) {
            return new TopicSpec(trimmed, 1);
        }
        try {
            return new TopicSpec(trimmed.substring(0, colon).trim(), Integer.parseInt(trimmed.substring(colon + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected name[:partitions], got '" + text + "'", e);
        }
    }

    /** Parses a comma-separated list, as given to {@link KafkaTestResource}; blank gives none. */
    static List<TopicSpec> parseList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).filter(s -> !s.isBlank()).map(TopicSpec::parse).toList();
    }
}
