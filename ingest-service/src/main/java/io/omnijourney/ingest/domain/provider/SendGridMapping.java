package io.omnijourney.ingest.domain.provider;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.util.List;

/**
 * What a SendGrid Event Webhook delivery became: the touchpoints to publish, and how many provider events were
 * recognized as not worth publishing (processed, deferred, dropped, account events, event kinds added later).
 */
public record SendGridMapping(List<TouchpointEvent> events, int ignored) {

    public SendGridMapping {
        events = List.copyOf(events);
        if (ignored < 0) {
            throw new IllegalArgumentException("ignored must not be negative");
        }
    }
}
