package io.omnijourney.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the internal topics without joining any consumer group and keeps, per recipient email, the time each stage
 * published its part: profile-service's {@code touchpoint} event for a given event name on {@code profile-events},
 * journey-service's request on {@code notification-requests} (record timestamps: the producer's clock). A request
 * names its recipient by profile id only: the profile event links the email to that id.
 */
public final class StageProbe implements AutoCloseable {

    private final String eventName;
    private final Map<String, Long> profileEventMillis = new ConcurrentHashMap<>();
    private final Map<String, Long> requestMillisByProfile = new ConcurrentHashMap<>();
    private final Map<String, String> profileIdByEmail = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public StageProbe(String bootstrap, String eventName) {
        this.eventName = eventName;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of("profile-events", "notification-requests")) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        record(r);
                    }
                }
            }
        }, "stage-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void record(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode value = Http.JSON.readTree(r.value());
            if (r.topic().equals("profile-events")) {
                if (eventName.equals(value.path("touchpoint").path("event").asText())) {
                    String email = value.path("profile").path("identifiers").path("email").path(0).asText("");
                    profileEventMillis.putIfAbsent(email, r.timestamp());
                    profileIdByEmail.putIfAbsent(email, value.path("profileId").asText(""));
                }
            } else {
                requestMillisByProfile.putIfAbsent(value.path("profileId").asText(""), r.timestamp());
            }
        } catch (Exception notJson) {
            // not ours to judge here
        }
    }

    /** When profile-service published the touchpoint for this recipient, or null. */
    public Long profileEventMillis(String email) {
        return profileEventMillis.get(email);
    }

    /** When journey-service published the notification request for this recipient, or null. */
    public Long requestMillis(String email) {
        String profileId = profileIdByEmail.get(email);
        return profileId == null ? null : requestMillisByProfile.get(profileId);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
