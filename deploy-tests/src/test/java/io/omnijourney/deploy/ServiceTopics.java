package io.omnijourney.deploy;

import io.omnijourney.contract.Topics;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every topic the services name: the contract's constants plus any topic named in a service's
 * application.properties (a {@code *.topic} key, or a value that is a dead-letter topic). Services not present in
 * this checkout are skipped, so the check keeps working as services are added.
 */
final class ServiceTopics {

    static final List<String> SERVICES =
            List.of("ingest-service", "profile-service", "journey-service", "notification-service");

    private ServiceTopics() {
    }

    static Set<String> all(Path repoRoot) {
        Set<String> topics = new TreeSet<>(fromContract());
        for (String service : SERVICES) {
            Path properties = repoRoot.resolve(service).resolve("src/main/resources/application.properties");
            if (Files.exists(properties)) {
                topics.addAll(fromProperties(properties));
            }
        }
        return topics;
    }

    static Set<String> fromContract() {
        Set<String> topics = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().equals("DLQ_SUFFIX")) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    static Set<String> fromProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> topics = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            if (key.startsWith("%test.")) {
                continue;
            }
            if (key.endsWith(".topic") || value.endsWith(Topics.DLQ_SUFFIX)) {
                topics.add(value);
            }
        }
        return topics;
    }
}
