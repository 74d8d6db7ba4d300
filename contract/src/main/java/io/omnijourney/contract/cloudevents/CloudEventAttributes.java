package io.omnijourney.contract.cloudevents;

import java.time.Instant;

/** The CloudEvents context attributes read back from a record's headers. */
public record CloudEventAttributes(String id, String source, String type, String subject, Instant time) {
}
