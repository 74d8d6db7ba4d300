package io.omnijourney.kit.messaging;

import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One record of a consumed batch as a handler sees it: where it came from, its key, value and headers, and the trace
 * it belongs to (so what is published because of it continues that trace).
 */
public final class InRecord {

    private final KafkaRecord<String, byte[]> record;
    private final IncomingKafkaRecordMetadata<String, byte[]> metadata;
    private Context trace;

    @SuppressWarnings("unchecked")
    InRecord(KafkaRecord<String, byte[]> record) {
        this.record = record;
        this.metadata = record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    }

    public String topic() {
        return metadata.getTopic();
    }

    public int partition() {
        return metadata.getPartition();
    }

    public long offset() {
        return metadata.getOffset();
    }

    public String key() {
        return metadata.getKey();
    }

    /** The value; an empty array for a record without one. */
    public byte[] value() {
        byte[] value = record.getPayload();
        return value == null ? new byte[0] : value;
    }

    public Headers headers() {
        return metadata.getHeaders();
    }

    /** The last value of a header as UTF-8 text, or null. */
    public String header(String name) {
        Header header = metadata.getHeaders().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The trace this record belongs to (the connector's receive span, or the producer's context from its headers). */
    public Context trace() {
        if (trace == null) {
            trace = Tracing.contextOf(record, metadata.getHeaders());
        }
        return trace;
    }

    /** Where it is, for logs: {@code topic-partition@offset}. */
    public String position() {
        return topic() + "-" + partition() + "@" + offset();
    }

    KafkaRecord<String, byte[]> kafkaRecord() {
        return record;
    }

    @Override
    public String toString() {
        return position();
    }
}
