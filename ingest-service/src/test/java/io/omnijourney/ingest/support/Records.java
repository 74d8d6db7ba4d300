package io.omnijourney.ingest.support;

import static io.omnijourney.testsupport.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.testsupport.TopicProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/** What the tests look for on the topic, and bodies as SDKs compress them. */
public final class Records {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Records() {
    }

    /** The one record with this messageId ({@code ce_id}), once it arrived; fails on none or a duplicate. */
    public static ConsumerRecord<String, byte[]> only(TopicProbe probe, String messageId) {
        Awaitility.await().atMost(WAIT)
                .until(() -> probe.records().stream().anyMatch(r -> messageId.equals(header(r, "ce_id"))));
        List<ConsumerRecord<String, byte[]>> matching = probe.records().stream()
                .filter(r -> messageId.equals(header(r, "ce_id"))).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    public static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
