package io.omnijourney.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnijourney.kit.kafka.KafkaClientOverrides.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientOverridesTest {

    private static Properties apply(Role role, Map<String, String> config) {
        Properties props = new Properties();
        props.put("session.timeout.ms", "45000");
        props.put("enable.auto.commit", "false");
        return KafkaClientOverrides.apply(props, role, config.keySet(), k -> Optional.ofNullable(config.get(k)));
    }

    @Test
    void roleSettingsWinOverCommonOnesAndBothOverServiceDefaults() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("omnijourney.kafka.common.session.timeout.ms", "10000");
        config.put("omnijourney.kafka.consumer.session.timeout.ms", "6000");
        config.put("omnijourney.kafka.common.security.protocol", "SSL");
        config.put("omnijourney.kafka.producer.linger.ms", "20");
        config.put("quarkus.http.port", "8080");

        Properties consumer = apply(Role.CONSUMER, config);

        assertThat(consumer).containsEntry("session.timeout.ms", "6000").containsEntry("security.protocol", "SSL")
                .containsEntry("enable.auto.commit", "false").doesNotContainKey("linger.ms")
                .doesNotContainKey("quarkus.http.port");
        assertThat(apply(Role.PRODUCER, config)).containsEntry("linger.ms", "20")
                .containsEntry("session.timeout.ms", "10000");
    }

    @Test
    void environmentVariablesMapToDottedKafkaKeys() {
        Properties admin = apply(Role.ADMIN, Map.of("OMNIJOURNEY_KAFKA_ADMIN_SASL_MECHANISM", "SCRAM-SHA-512",
                "OMNIJOURNEY_KAFKA_COMMON_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/ca.p12"));

        assertThat(admin).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12");
    }

    @Test
    void settingsTheGuaranteesRestOnAreRefusedNamingThem() {
        assertThatThrownBy(() -> apply(Role.CONSUMER, Map.of("omnijourney.kafka.consumer.enable.auto.commit", "true",
                "omnijourney.kafka.common.isolation.level", "read_uncommitted")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enable.auto.commit").hasMessageContaining("isolation.level");
        assertThatThrownBy(() -> apply(Role.PRODUCER, Map.of("OMNIJOURNEY_KAFKA_PRODUCER_ACKS", "1")))
                .hasMessageContaining("[acks]");
        // A guarded consumer key is fine for a producer: it is not a producer setting at all.
        assertThat(apply(Role.PRODUCER, Map.of("omnijourney.kafka.common.isolation.level", "read_committed")))
                .containsEntry("isolation.level", "read_committed");
    }
}
