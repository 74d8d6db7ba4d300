package io.omnijourney.kit.observability;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Traces are recorded and propagated always (trace ids in logs, {@code traceparent} on every Kafka record and
 * provider call), but exported only when an operator asks for it: {@code omnijourney.tracing.export=true} with
 * {@code quarkus.otel.exporter.otlp.traces.endpoint} (and the other {@code quarkus.otel.exporter.otlp.*} settings).
 * Until then this exporter, which drops every span, stands in for the OTLP exporter, so no service tries to reach a
 * collector that is not there.
 */
public class TraceExport {

    @Produces
    @Singleton
    @LookupUnlessProperty(name = "omnijourney.tracing.export", stringValue = "true", lookupIfMissing = true)
    SpanExporter dropSpans() {
        return SpanExporter.composite();
    }
}
