package io.omnijourney.journey.adapter.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live unless the profile-events consumer failed five times in a row: it is started again after each failure, so a
 * passing broker hiccup never takes the service down, but a consumer that cannot work needs the process restarted.
 */
@Liveness
@ApplicationScoped
public class ConsumerLivenessCheck implements HealthCheck {

    private final ProfileEventConsumer consumer;

    public ConsumerLivenessCheck(ProfileEventConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        int failures = consumer.consecutiveFailures();
        return HealthCheckResponse.named("profile-events consumer").status(failures < 5)
                .withData("consecutiveFailures", failures).build();
    }
}
