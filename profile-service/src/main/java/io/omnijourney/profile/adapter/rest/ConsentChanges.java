package io.omnijourney.profile.adapter.rest;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse.FieldProblem;
import io.omnijourney.kit.security.ApiKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A consent override requested over the API, as the touchpoint that records it. */
final class ConsentChanges {

    static final String SOURCE_ID = "profile-service";
    private static final Set<String> CHANNELS = Set.of("email", "sms", "whatsapp", "push");
    private static final int MAX_REASON = 500;
    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private ConsentChanges() {
    }

    /** @throws ApiException 400 naming every invalid field */
    static TouchpointEvent toEvent(String profileId, ProfileResource.ConsentRequest request, String idempotencyKey,
            String changedBy) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request == null) {
            throw ApiException.badRequest("invalid consent change", List.of(new FieldProblem("body", "is required")));
        }
        if (request.channel() == null || !CHANNELS.contains(request.channel())) {
            problems.add(new FieldProblem("channel", "must be one of email, sms, whatsapp, push"));
        }
        if (!"subscribed".equals(request.status()) && !"unsubscribed".equals(request.status())) {
            problems.add(new FieldProblem("status", "must be subscribed or unsubscribed (bounces and complaints "
                    + "are reported by providers)"));
        }
        if (request.reason() != null && request.reason().length() > MAX_REASON) {
            problems.add(new FieldProblem("reason", "at most " + MAX_REASON + " characters"));
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            problems.add(new FieldProblem("Idempotency-Key", "1 to " + MAX_IDEMPOTENCY_KEY + " characters"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid consent change", problems);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("channel", request.channel());
        properties.put("changedBy", changedBy);
        if (request.reason() != null) {
            properties.put("reason", request.reason());
        }
        Instant now = Instant.now();
        String messageId = idempotencyKey == null ? "consent-" + UUID.randomUUID()
                : "consent-" + ApiKeys.sha256Hex(profileId + "\n" + idempotencyKey).substring(0, 32);
        return TouchpointEventBuilder.of(EventType.TRACK).messageId(messageId)
                .event("subscribed".equals(request.status()) ? EventNames.RESUBSCRIBED : EventNames.UNSUBSCRIBED)
                .properties(properties).channel(Channel.SYSTEM).sourceId(SOURCE_ID).timestamp(now).receivedAt(now)
                .build();
    }
}
