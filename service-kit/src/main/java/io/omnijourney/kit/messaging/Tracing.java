package io.omnijourney.kit.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.reactive.messaging.TracingMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * W3C trace context on Kafka records: {@code traceparent} (and {@code tracestate}) headers, also as the CloudEvents
 * distributed-tracing extension's {@code ce_traceparent} / {@code ce_tracestate} in binary mode. Records carry the
 * trace from the HTTP request that started it, through every topic, to the provider call at the end.
 */
public final class Tracing {

    public static final String TRACEPARENT = "traceparent";
    public static final String CE_TRACEPARENT = "ce_traceparent";

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            carrier.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            Header header = carrier == null ? null : carrier.lastHeader(key);
            if (header == null && carrier != null) {
                header = carrier.lastHeader("ce_" + key);
            }
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private Tracing() {
    }

    /** The record's trace: the connector's receive span when it traces, else the producer's context in the headers. */
    static Context contextOf(Message<?> message, Headers headers) {
        return TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext)
                .filter(c -> Span.fromContext(c).getSpanContext().isValid())
                .orElseGet(() -> extract(headers));
    }

    /** The trace context the headers carry, or the root context when they carry none. */
    public static Context extract(Headers headers) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
    }

    /** The trace context a stored {@code traceparent} value names (the root context for null or garbage). */
    public static Context fromTraceparent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent,
                new TextMapGetter<String>() {
                    @Override
                    public Iterable<String> keys(String carrier) {
                        return List.of(TRACEPARENT);
                    }

                    @Override
                    public String get(String carrier, String key) {
                        return TRACEPARENT.equals(key) ? carrier : null;
                    }
                });
    }

    /** The {@code traceparent} value of a context, or null when it holds no valid span. */
    public static String traceparent(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** Adds the context's trace headers (W3C and CloudEvents forms) to the record's headers. */
    static void inject(Context context, Headers headers) {
        for (Header header : headersOf(context)) {
            headers.remove(header.key());
        }
        for (Header header : headersOf(context)) {
            headers.add(header);
        }
    }

    /** Whether a header is one of the trace headers {@link #headersOf} writes. */
    static boolean isTraceHeader(String name) {
        return switch (name) {
            case TRACEPARENT, CE_TRACEPARENT, "tracestate", "ce_tracestate" -> true;
            default -> false;
        };
    }

    /**
     * The context's trace headers, W3C and CloudEvents forms ({@code traceparent}, {@code ce_traceparent}, and the
     * same for {@code tracestate} when there is one); empty for a context without a valid span. The value arrays are
     * shared between the two forms and must not be modified.
     */
    static List<Header> headersOf(Context context) {
        Map<String, String> fields = new HashMap<>(4);
        W3CTraceContextPropagator.getInstance().inject(context, fields, Map::put);
        if (fields.isEmpty()) {
            return List.of();
        }
        List<Header> headers = new ArrayList<>(fields.size() * 2);
        fields.forEach((name, value) -> {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            headers.add(new RecordHeader(name, bytes));
            headers.add(new RecordHeader("ce_" + name, bytes));
        });
        return List.copyOf(headers);
    }

    /** The trace id of the current context, or null (for logs and ledgers). */
    public static String currentTraceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
