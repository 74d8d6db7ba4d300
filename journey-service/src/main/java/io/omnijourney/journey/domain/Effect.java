package io.omnijourney.journey.domain;

import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.contract.touchpoint.Channel;
import java.util.List;
import java.util.Map;

/** What advancing an instance asks the outside world to do; carried out through the instance's outbox. */
public sealed interface Effect {

    /** A message for the profile; {@code requestId} is deterministic (journey, instance, step, visit). */
    record SendRequested(String requestId, String stepId, List<Channel> channels, String templateId,
            MessageCategory category, Map<String, Object> variables) implements Effect {
    }

    /** A profile trait to set; {@code messageId} is deterministic like a request id. */
    record TraitUpdated(String messageId, String stepId, String trait, Object value) implements Effect {
    }
}
