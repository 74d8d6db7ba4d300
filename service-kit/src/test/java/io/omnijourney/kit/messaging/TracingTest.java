package io.omnijourney.kit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TracingTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aTracedContextGivesTheW3cAndCloudEventsHeadersWithOneValue() {
        var headers = Tracing.headersOf(Tracing.fromTraceparent(PARENT));

        assertThat(headers).extracting(Header::key).containsExactlyInAnyOrder("traceparent", "ce_traceparent");
        assertThat(headers).allSatisfy(h -> assertThat(new String(h.value(), StandardCharsets.UTF_8)).isEqualTo(PARENT));
    }

    @Test
    void aContextWithoutASpanGivesNoHeaders() {
        assertThat(Tracing.headersOf(Context.root())).isEmpty();
    }

    @Test
    void injectingReplacesTraceHeadersTheRecordAlreadyHad() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-11111111111111111111111111111111-2222222222222222-01".getBytes());
        headers.add("ce_id", "e-1".getBytes());

        Tracing.inject(Tracing.fromTraceparent(PARENT), headers);

        assertThat(headers.headers("traceparent")).hasSize(1);
        assertThat(new String(headers.lastHeader("traceparent").value(), StandardCharsets.UTF_8)).isEqualTo(PARENT);
        assertThat(new String(headers.lastHeader("ce_traceparent").value(), StandardCharsets.UTF_8)).isEqualTo(PARENT);
        assertThat(headers.lastHeader("ce_id")).isNotNull();
        assertThat(Tracing.isTraceHeader("ce_tracestate")).isTrue();
        assertThat(Tracing.isTraceHeader("ce_id")).isFalse();
    }
}
