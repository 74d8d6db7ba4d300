package io.omnijourney.e2e.support;

import static org.awaitility.Awaitility.await;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The official Segment Java library, unmodified, sending through one source (write key) of ingest-service. Each
 * call waits until the library reports the message delivered, so that the story's steps happen in order.
 */
public final class Tracker implements AutoCloseable {

    private final Analytics analytics;
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    public Tracker(String ingestUrl, String writeKey) {
        this.analytics = Analytics.builder(writeKey).endpoint(ingestUrl).callback(new Callback() {
            @Override
            public void success(Message message) {
                delivered.add(message.messageId());
            }

            @Override
            public void failure(Message message, Throwable throwable) {
                failures.add(message.messageId() + ": " + throwable);
            }
        }).build();
    }

    /** Sends one message and waits for ingest-service's 200; returns its messageId. */
    public String send(MessageBuilder<?, ?> builder) {
        String id = UUID.randomUUID().toString();
        analytics.enqueue(builder.messageId(id));
        analytics.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (!failures.isEmpty()) {
                throw new AssertionError("the Segment client failed: " + failures);
            }
            return delivered.contains(id);
        });
        return id;
    }

    @Override
    public void close() {
        analytics.shutdown();
    }
}
