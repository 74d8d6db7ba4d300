package io.omnijourney.kit.messaging;

import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.Objects;

/**
 * A record to publish on an outgoing channel (its topic comes from the channel's configuration), with the trace it
 * continues; {@code trace} may be null to continue the caller's current trace.
 */
public record OutRecord(String channel, String key, byte[] value, Map<String, String> headers, Context trace) {

    public OutRecord {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(value, "value");
        headers = headers == null ? Map.of() : headers;
    }

    public static OutRecord of(String channel, String key, byte[] value, Map<String, String> headers) {
        return new OutRecord(channel, key, value, headers, null);
    }

    /** The same record, continuing the trace of the record that caused it. */
    public OutRecord causedBy(InRecord cause) {
        return new OutRecord(channel, key, value, headers, cause.trace());
    }

    /** The same record, continuing the given trace. */
    public OutRecord inTrace(Context context) {
        return new OutRecord(channel, key, value, headers, context);
    }
}
