package io.omnijourney.ingest.domain.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.ingest.domain.InputProblem;
import io.omnijourney.ingest.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a Segment HTTP Tracking API body into canonical touchpoints, or rejects it whole with every problem found.
 * A batch is all or nothing: one bad message rejects the request, so a client never has to guess what was kept.
 */
public final class TrackingRequestParser {

    private static final List<String> PAYLOAD_FIELDS = List.of("properties", "traits", "context", "integrations");

    private final TrackingLimits limits;
    private final ClientTimeWindow window;

    public TrackingRequestParser(TrackingLimits limits) {
        this(limits, ClientTimeWindow.DEFAULT);
    }

    public TrackingRequestParser(TrackingLimits limits, ClientTimeWindow window) {
        this.limits = limits;
        this.window = window;
    }

    /** Where the events come from and when they arrived: fixed by the server, never by the body. */
    public record Origin(String sourceId, Channel channel, Instant receivedAt) {
    }

    public List<TouchpointEvent> parse(CallKind kind, JsonNode body, Origin origin) {
        if (!(body instanceof ObjectNode root)) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        List<InputProblem> problems = new ArrayList<>();
        BatchDefaults defaults = kind == CallKind.BATCH ? batchDefaults(root, problems) : BatchDefaults.NONE;
        List<IndexedMessage> messages = messagesOf(kind, root, problems);
        checkSizes(messages);
        List<TouchpointEvent> events = new ArrayList<>(messages.size());
        for (IndexedMessage message : messages) {
            parseMessage(message, kind.impliedType(), defaults, origin, problems).ifPresent(events::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return events;
    }

    private record IndexedMessage(String path, JsonNode node) {
    }

    /** A time as the client wrote it, and the instant it stands for. */
    private record ClientTime(Instant instant, String text) {
    }

    /**
     * The times an event is published with; {@code kept} holds the client's text of every time outside the window,
     * for {@code context}.
     */
    private record EventTimes(Instant timestamp, Instant original, Instant sentAt, Map<String, Object> kept) {
    }

    private record BatchDefaults(ObjectNode context, ObjectNode integrations, ClientTime sentAt) {
        static final BatchDefaults NONE = new BatchDefaults(null, null, null);
    }

    private List<IndexedMessage> messagesOf(CallKind kind, ObjectNode root, List<InputProblem> problems) {
        if (kind != CallKind.BATCH) {
            return List.of(new IndexedMessage("", root));
        }
        JsonNode batch = root.get("batch");
        if (batch == null || batch.isNull()) {
            throw new InvalidInputException("batch", "is required: an array of messages");
        }
        if (!batch.isArray()) {
            throw new InvalidInputException("batch", "must be an array of messages");
        }
        if (batch.isEmpty()) {
            throw new InvalidInputException("batch", "must contain at least one message");
        }
        if (batch.size() > limits.maxBatchEvents()) {
            throw new PayloadTooLargeException("batch", "holds " + batch.size() + " messages, at most "
                    + limits.maxBatchEvents() + " are accepted per request");
        }
        List<IndexedMessage> messages = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            messages.add(new IndexedMessage("batch[" + i + "]", batch.get(i)));
        }
        return messages;
    }

    private BatchDefaults batchDefaults(ObjectNode root, List<InputProblem> problems) {
        ObjectNode context = objectField(root, "context", "", problems);
        ObjectNode integrations = objectField(root, "integrations", "", problems);
        ClientTime sentAt = timestampField(root, "sentAt", "", problems);
        return new BatchDefaults(context, integrations, sentAt);
    }

    private void checkSizes(List<IndexedMessage> messages) {
        List<InputProblem> tooLarge = new ArrayList<>();
        for (IndexedMessage message : messages) {
            int size = JsonTrees.estimatedSize(message.node());
            if (size > limits.maxEventBytes()) {
                tooLarge.add(new InputProblem(message.path().isEmpty() ? "body" : message.path(),
                        "event is " + size + " bytes, at most " + limits.maxEventBytes() + " are accepted"));
            }
        }
        if (!tooLarge.isEmpty()) {
            throw new PayloadTooLargeException(tooLarge);
        }
    }

    private Optional<TouchpointEvent> parseMessage(IndexedMessage message, Optional<EventType> impliedType,
            BatchDefaults defaults, Origin origin, List<InputProblem> problems) {
        String at = message.path();
        if (!(message.node() instanceof ObjectNode node)) {
            problems.add(new InputProblem(at, "must be a JSON object"));
            return Optional.empty();
        }
        int before = problems.size();
        EventType type = impliedType.orElseGet(() -> typeOf(node, at, problems));
        String messageId = textField(node, "messageId", at, problems);
        String userId = identifierField(node, "userId", at, problems);
        String anonymousId = identifierField(node, "anonymousId", at, problems);
        String event = textField(node, "event", at, problems);
        String name = textField(node, "name", at, problems);
        String category = textField(node, "category", at, problems);
        String previousId = identifierField(node, "previousId", at, problems);
        String groupId = identifierField(node, "groupId", at, problems);
        ClientTime timestamp = timestampField(node, "timestamp", at, problems);
        if (timestamp == null) {
            timestamp = timestampField(node, "originalTimestamp", at, problems);
        }
        ClientTime sentAt = timestampField(node, "sentAt", at, problems);
        Map<String, Map<String, Object>> payloads = new HashMap<>(8);
        for (String field : PAYLOAD_FIELDS) {
            ObjectNode payload = objectField(node, field, at, problems);
            if (field.equals("context") || field.equals("integrations")) {
                payload = merged(field.equals("context") ? defaults.context() : defaults.integrations(), payload);
            }
            if (payload != null) {
                payloads.put(field, JsonTrees.toCheckedMap(payload, join(at, field), problems));
            }
        }
        if (type != null) {
            checkRequiredFields(type, node, at, userId, anonymousId, event, previousId, groupId, problems);
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        EventTimes times = eventTimes(timestamp, sentAt != null ? sentAt : defaults.sentAt(), origin.receivedAt());
        Map<String, Object> context = payloads.get("context");
        if (!times.kept().isEmpty()) {
            context = context == null ? new HashMap<>() : new HashMap<>(context);
            context.putAll(times.kept());
        }
        return Optional.of(TouchpointEventBuilder.of(type)
                .messageId(messageId != null ? messageId : deriveMessageId(origin.sourceId(), node, timestamp != null))
                .event(event).name(name).category(category)
                .userId(userId).anonymousId(anonymousId).previousId(previousId).groupId(groupId)
                .properties(payloads.get("properties"))
                .traits(payloads.get("traits"))
                .context(context)
                .integrations(payloads.get("integrations"))
                .channel(origin.channel())
                .sourceId(origin.sourceId())
                .originalTimestamp(times.original())
                .sentAt(times.sentAt())
                .receivedAt(origin.receivedAt())
                .timestamp(times.timestamp())
                .build());
    }

    /**
     * The client's clock is believed only within the window. A sentAt outside it is dropped (no skew correction); a
     * timestamp outside it, or one the correction moves outside it, gives way to the time of receipt. The event is
     * kept either way, and the client's text of each dropped time goes to {@code context.originalTimestamp} or
     * {@code context.originalSentAt}.
     */
    private EventTimes eventTimes(ClientTime timestamp, ClientTime sent, Instant receivedAt) {
        Map<String, Object> kept = new HashMap<>(4);
        Instant sentAt = null;
        if (sent != null) {
            if (window.contains(sent.instant(), receivedAt)) {
                sentAt = sent.instant();
            } else {
                kept.put("originalSentAt", sent.text());
            }
        }
        if (timestamp == null) {
            return new EventTimes(receivedAt, null, sentAt, kept);
        }
        if (!window.contains(timestamp.instant(), receivedAt)) {
            kept.put("originalTimestamp", timestamp.text());
            return new EventTimes(receivedAt, null, sentAt, kept);
        }
        Instant corrected = Timestamps.corrected(timestamp.instant(), sentAt, receivedAt);
        if (!window.contains(corrected, receivedAt)) {
            kept.put("originalTimestamp", timestamp.text());
            return new EventTimes(receivedAt, timestamp.instant(), sentAt, kept);
        }
        return new EventTimes(corrected, timestamp.instant(), sentAt, kept);
    }

    private void checkRequiredFields(EventType type, ObjectNode node, String at, String userId, String anonymousId,
            String event, String previousId, String groupId, List<InputProblem> problems) {
        switch (type) {
            case TRACK -> {
                if (event == null && !node.has("event")) {
                    problems.add(new InputProblem(join(at, "event"), "is required for track calls"));
                }
            }
            case ALIAS -> {
                if (previousId == null && !node.has("previousId")) {
                    problems.add(new InputProblem(join(at, "previousId"), "is required for alias calls"));
                }
            }
            case GROUP -> {
                if (groupId == null && !node.has("groupId")) {
                    problems.add(new InputProblem(join(at, "groupId"), "is required for group calls"));
                }
            }
            default -> {
            }
        }
        if (userId == null && anonymousId == null && !node.has("userId") && !node.has("anonymousId")) {
            problems.add(new InputProblem(join(at, "userId"), "either userId or anonymousId is required"));
        }
    }

    private EventType typeOf(ObjectNode node, String at, List<InputProblem> problems) {
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            problems.add(new InputProblem(join(at, "type"), "is required: one of track, identify, page, screen, "
                    + "alias, group"));
            return null;
        }
        Optional<EventType> parsed = type.isTextual() ? EventType.parse(type.asText()) : Optional.empty();
        if (parsed.isEmpty()) {
            problems.add(new InputProblem(join(at, "type"), "unknown type " + abbreviate(type.toString())
                    + ": expected one of track, identify, page, screen, alias, group"));
        }
        return parsed.orElse(null);
    }

    private String textField(ObjectNode node, String field, String at, List<InputProblem> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(new InputProblem(join(at, field), "must be a string"));
            return null;
        }
        String text = value.asText();
        if (text.isBlank()) {
            problems.add(new InputProblem(join(at, field), "must not be empty"));
            return null;
        }
        if (text.length() > limits.maxNameLength()) {
            problems.add(new InputProblem(join(at, field), "is longer than " + limits.maxNameLength()
                    + " characters"));
            return null;
        }
        return text;
    }

    /** Identifiers may be sent as numbers by some SDKs; they are kept as their decimal text. */
    private String identifierField(ObjectNode node, String field, String at, List<InputProblem> problems) {
        JsonNode value = node.get(field);
        if (value != null && value.isIntegralNumber()) {
            return value.asText();
        }
        return textField(node, field, at, problems);
    }

    private ClientTime timestampField(ObjectNode node, String field, String at, List<InputProblem> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        Optional<Instant> parsed = value.isTextual() ? Timestamps.parse(value.asText()) : Optional.empty();
        if (parsed.isEmpty()) {
            problems.add(new InputProblem(join(at, field),
                    "must be an ISO-8601 date-time with offset, such as 2026-11-24T10:15:30.000Z"));
        }
        return parsed.map(instant -> new ClientTime(instant, value.asText())).orElse(null);
    }

    private ObjectNode objectField(ObjectNode node, String field, String at, List<InputProblem> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            problems.add(new InputProblem(join(at, field), "must be a JSON object"));
            return null;
        }
        return object;
    }

    /** Batch-level context and integrations apply to every message; a message's own values win, key by key. */
    private static ObjectNode merged(ObjectNode defaults, ObjectNode own) {
        if (defaults == null) {
            return own;
        }
        if (own == null) {
            return defaults;
        }
        ObjectNode result = defaults.deepCopy();
        own.fields().forEachRemaining(e -> {
            JsonNode existing = result.get(e.getKey());
            if (existing instanceof ObjectNode existingObject && e.getValue() instanceof ObjectNode ownObject) {
                result.set(e.getKey(), merged(existingObject, ownObject));
            } else {
                result.set(e.getKey(), e.getValue());
            }
        });
        return result;
    }

    /**
     * A message without messageId gets one. When it has a timestamp the id is derived from the source and the
     * message's content, so a client that retries the same message after a timeout produces the same id and
     * consumers drop the duplicate; without a timestamp two identical messages may be two real events.
     */
    private static String deriveMessageId(String sourceId, ObjectNode node, boolean hasTimestamp) {
        if (!hasTimestamp) {
            return UUID.randomUUID().toString();
        }
        byte[] content = (sourceId + "\n" + node.toString()).getBytes(StandardCharsets.UTF_8);
        return "derived-" + UUID.nameUUIDFromBytes(content);
    }

    private static String join(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
