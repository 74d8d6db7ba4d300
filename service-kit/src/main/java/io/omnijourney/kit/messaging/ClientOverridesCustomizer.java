package io.omnijourney.kit.messaging;

import io.omnijourney.kit.kafka.KafkaClientOverrides;
import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;

/**
 * Applies the operator's Kafka client settings ({@code omnijourney.kafka.{common,consumer,producer}.<kafka key>}, see
 * {@link KafkaClientOverrides}) to every client the connector creates, over the channel's own configuration, and
 * refuses at startup the keys the delivery guarantees rest on.
 */
@ApplicationScoped
public class ClientOverridesCustomizer implements ClientCustomizer<Map<String, Object>> {

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        KafkaClientOverrides.Role role;
        if (config.containsKey(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG)) {
            role = KafkaClientOverrides.Role.CONSUMER;
        } else if (config.containsKey(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG)) {
            role = KafkaClientOverrides.Role.PRODUCER;
        } else {
            role = KafkaClientOverrides.Role.ADMIN;
        }
        Properties overrides = KafkaClientOverrides.apply(new Properties(), role);
        overrides.forEach((key, value) -> config.put((String) key, value));
        return config;
    }
}
