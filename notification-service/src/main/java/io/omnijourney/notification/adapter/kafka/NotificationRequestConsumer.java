package io.omnijourney.notification.adapter.kafka;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.kit.messaging.BatchConsumption;
import io.omnijourney.kit.messaging.Failures;
import io.omnijourney.kit.messaging.InRecord;
import io.omnijourney.kit.messaging.OutRecord;
import io.omnijourney.kit.messaging.RecordPublisher;
import io.omnijourney.kit.messaging.RetryLaterException;
import io.omnijourney.kit.messaging.Unit;
import io.omnijourney.notification.app.RequestIntake;
import io.omnijourney.notification.app.Trace;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The {@code notification-requests} channel: a poll is decoded and handed to the {@link RequestIntake} as one unit;
 * each request's outcome goes on {@code touchpoints} in the trace of its request, and a request whose delivery failed
 * then goes to {@code notification-requests.dlq} with the reason ({@code failed: ...}). A record that is not a
 * notification request is rejected to the same topic ({@code poison: ...}). Failures follow the shared policy of
 * {@link BatchConsumption}; a request another instance holds, or one whose profile copy has not caught up yet, has the
 * poll tried again later.
 */
@ApplicationScoped
public class NotificationRequestConsumer {

    public static final String CHANNEL = "notification-requests";

    private final BatchConsumption consumption;
    private final RequestIntake intake;
    private final RecordPublisher publisher;

    public NotificationRequestConsumer(BatchConsumption consumption, RequestIntake intake, RecordPublisher publisher) {
        this.consumption = consumption;
        this.intake = intake;
        this.publisher = publisher;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return consumption.consume(CHANNEL, batch, this::apply);
    }

    private void apply(Unit unit) throws Exception {
        List<Unit.Decoded<NotificationRequest>> decoded =
                unit.decode(value -> ContractJson.decode(value, NotificationRequest.class));
        List<InRecord> sources = decoded.stream().map(Unit.Decoded::record).toList();
        RequestIntake.Result result = intake.apply(decoded.stream().map(d -> new RequestIntake.Incoming(
                d.record().key(), d.value(), trace(d.record().trace()))).toList());
        if (result instanceof RequestIntake.Incomplete incomplete) {
            throw failureOf(incomplete);
        }
        List<RequestIntake.Delivered> delivered = ((RequestIntake.Completed) result).delivered();
        List<OutRecord> out = new ArrayList<>(delivered.size());
        for (int i = 0; i < delivered.size(); i++) {
            out.add(KafkaTouchpointPublisher.record(delivered.get(i).outcome()).causedBy(sources.get(i)));
        }
        publisher.publishAll(out);
        for (int i = 0; i < delivered.size(); i++) {
            if (delivered.get(i).failure() != null) {
                unit.reject(sources.get(i), "failed: " + delivered.get(i).failure());
            }
        }
    }

    /**
     * What the policy is to make of a poll some lanes could not finish: an outage if any lane met one (nothing is
     * blamed); else a lane's own failure (retried, then isolated); else, when requests are only held by another
     * instance, a retry later.
     */
    private static Exception failureOf(RequestIntake.Incomplete incomplete) {
        Throwable chosen = incomplete.failures().stream()
                .filter(f -> Failures.classify(f) == Failures.Kind.OUTAGE).findFirst()
                .orElse(incomplete.failures().isEmpty() ? null : incomplete.failures().get(0));
        if (chosen == null) {
            return new RetryLaterException(incomplete.held().size()
                    + " request(s) held by another instance or waiting for the profile copy");
        }
        if (chosen instanceof Exception exception) {
            return exception;
        }
        throw (Error) chosen;
    }

    /** The trace of a request record, for the intake: its id for the ledger, current while it is delivered. */
    private static Trace trace(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        String traceId = span.isValid() ? span.getTraceId() : null;
        return new Trace() {
            @Override
            public String traceId() {
                return traceId;
            }

            @Override
            public Trace.Scope enter() {
                io.opentelemetry.context.Scope scope = context.makeCurrent();
                return scope::close;
            }
        };
    }
}
