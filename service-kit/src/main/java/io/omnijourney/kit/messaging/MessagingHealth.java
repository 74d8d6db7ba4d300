package io.omnijourney.kit.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health of the consumers under the failure policy (the connector adds its own checks of the Kafka clients):
 * readiness is DOWN while a consumer waits out an outage; liveness is DOWN when a consumer made no progress for the
 * stall timeout while it had work (a unit in hand, or lag on its partitions) and was not waiting out an outage.
 */
@ApplicationScoped
public class MessagingHealth {

    private final BatchConsumption consumption;
    private final KafkaClientService clients;
    private final Duration stallTimeout;

    public MessagingHealth(BatchConsumption consumption, KafkaClientService clients, MessagingConfig config) {
        this.consumption = consumption;
        this.clients = clients;
        this.stallTimeout = config.stallTimeout();
    }

    @Produces
    @Readiness
    HealthCheck readiness() {
        return () -> {
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("consumers").up();
            for (ConsumerState state : consumption.states()) {
                if (state.inOutage()) {
                    builder.down().withData(state.channel(), "paused by an outage: " + state.lastOutage());
                } else {
                    builder.withData(state.channel(), "consuming");
                }
            }
            return builder.build();
        };
    }

    @Produces
    @Liveness
    HealthCheck liveness() {
        return () -> {
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("consumer progress").up();
            for (ConsumerState state : consumption.states()) {
                if (stalled(state)) {
                    builder.down().withData(state.channel(), "no progress for "
                            + TimeUnit.NANOSECONDS.toSeconds(state.nanosSinceProgress()) + " s with work pending");
                }
            }
            return builder.build();
        };
    }

    /** True when the consumer has had work and made no progress for the stall timeout, outages aside. */
    boolean stalled(ConsumerState state) {
        if (state.inOutage() || state.nanosSinceProgress() < stallTimeout.toNanos()) {
            return false;
        }
        return state.busyNanos() >= stallTimeout.toNanos() || lag(state.channel()) > 0;
    }

    /** The largest lag of the channel's consumers on any of their partitions, as their client reports it. */
    private double lag(String channel) {
        double max = 0;
        for (KafkaConsumer<Object, Object> consumer : clients.getConsumers(channel)) {
            if (consumer.unwrap() == null) {
                continue;
            }
            for (java.util.Map.Entry<MetricName, ? extends Metric> metric : consumer.unwrap().metrics().entrySet()) {
                if ("records-lag-max".equals(metric.getKey().name())
                        && metric.getValue().metricValue() instanceof Number value
                        && !Double.isNaN(value.doubleValue())) {
                    max = Math.max(max, value.doubleValue());
                }
            }
        }
        return max;
    }
}
