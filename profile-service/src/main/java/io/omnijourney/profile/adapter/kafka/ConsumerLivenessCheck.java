package io.omnijourney.profile.adapter.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the touchpoints consumer runs: a consumer that stopped on an unexpected error needs a restart. */
@Liveness
@ApplicationScoped
public class ConsumerLivenessCheck implements HealthCheck {

    private final TouchpointConsumer consumer;

    public ConsumerLivenessCheck(TouchpointConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("touchpoints consumer").status(consumer.isHealthy()).build();
    }
}
