package io.omnijourney.kit.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Passes operator-supplied Kafka client settings (TLS, SASL, session timeout, fetch sizes, ...) through to the
 * clients the services build by hand. A setting is given as {@code omnijourney.kafka.<role>.<kafka key>} (system
 * property, {@code application.properties}) or as the environment variable
 * {@code OMNIJOURNEY_KAFKA_<ROLE>_<KAFKA_KEY>} (dots as underscores; Kafka keys are lower case), where the role is
 * {@code common} (every client), {@code consumer}, {@code producer} or {@code admin}. The role's own setting wins
 * over {@code common}, and both win over the service's defaults, except for the keys the delivery guarantees rest on,
 * which are refused at startup rather than silently ignored.
 */
public final class KafkaClientOverrides {

    /** Which kind of client the properties are for. */
    public enum Role {
        CONSUMER, PRODUCER, ADMIN;

        String prefix() {
            return PREFIX + name().toLowerCase(Locale.ROOT) + ".";
        }
    }

    static final String PREFIX = "omnijourney.kafka.";
    static final String COMMON = PREFIX + "common.";

    private static final Map<Role, Set<String>> GUARDED = Map.of(
            Role.CONSUMER, Set.of("bootstrap.servers", "group.id", "enable.auto.commit", "isolation.level",
                    "key.deserializer", "value.deserializer"),
            Role.PRODUCER, Set.of("bootstrap.servers", "acks", "enable.idempotence", "transactional.id",
                    "key.serializer", "value.serializer"),
            Role.ADMIN, Set.of("bootstrap.servers"));

    private KafkaClientOverrides() {
    }

    /** An admin client's properties: the service's {@code defaults} with the configured overrides applied. */
    public static Properties admin(Map<String, ?> defaults) {
        return of(Role.ADMIN, defaults);
    }

    /** A producer's properties with the configured overrides applied. */
    public static Properties producer(Properties props) {
        return apply(props, Role.PRODUCER);
    }

    /** A consumer's properties with the configured overrides applied. */
    public static Properties consumer(Properties props) {
        return apply(props, Role.CONSUMER);
    }

    /** The service's {@code defaults} for a client of this role, with the configured overrides applied. */
    public static Properties of(Role role, Map<String, ?> defaults) {
        Properties props = new Properties();
        props.putAll(defaults);
        return apply(props, role);
    }

    /** Applies the overrides found in the application's configuration to {@code props}, and returns it. */
    public static Properties apply(Properties props, Role role) {
        Config config = ConfigProvider.getConfig();
        return apply(props, role, config.getPropertyNames(), name -> config.getOptionalValue(name, String.class));
    }

    /** As {@link #apply(Properties, Role)}, over the given configuration names and lookup (for tests). */
    public static Properties apply(Properties props, Role role, Iterable<String> names,
            Function<String, Optional<String>> lookup) {
        Map<String, String> common = new TreeMap<>();
        Map<String, String> own = new TreeMap<>();
        for (String name : names) {
            String dotted = dotted(name);
            if (dotted == null) {
                continue;
            }
            Optional<String> value = lookup.apply(name);
            if (value.isEmpty()) {
                continue;
            }
            if (dotted.startsWith(COMMON)) {
                common.put(dotted.substring(COMMON.length()), value.get());
            } else if (dotted.startsWith(role.prefix())) {
                own.put(dotted.substring(role.prefix().length()), value.get());
            }
        }
        List<String> refused = new ArrayList<>();
        for (Map<String, String> layer : List.of(common, own)) {
            for (Map.Entry<String, String> setting : layer.entrySet()) {
                if (GUARDED.get(role).contains(setting.getKey())) {
                    refused.add(setting.getKey());
                } else if (!setting.getKey().isEmpty()) {
                    props.put(setting.getKey(), setting.getValue());
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("Kafka " + role.name().toLowerCase(Locale.ROOT)
                    + " settings " + refused + " cannot be overridden under " + PREFIX
                    + ": the service's delivery guarantees depend on them (bootstrap servers and group ids have "
                    + "their own settings)");
        }
        return props;
    }

    /** The dotted form of a configuration name, or null when it is not one of ours. */
    static String dotted(String name) {
        if (name.startsWith(PREFIX)) {
            return name;
        }
        if (name.startsWith("OMNIJOURNEY_KAFKA_")) {
            return name.toLowerCase(Locale.ROOT).replace('_', '.');
        }
        return null;
    }
}
