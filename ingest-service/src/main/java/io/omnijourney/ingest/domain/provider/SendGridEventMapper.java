package io.omnijourney.ingest.domain.provider;

import io.omnijourney.contract.identity.EmailAddresses;
import io.omnijourney.contract.identity.PhoneNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.ingest.domain.InputProblem;
import io.omnijourney.ingest.domain.tracking.ClientTimeWindow;
import io.omnijourney.ingest.domain.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps a SendGrid Event Webhook body (a JSON array of event objects) to touchpoints.
 *
 * <p>All or nothing: when any item of a known event kind is unusable the whole body is rejected with every problem
 * listed, so that SendGrid's retry delivers it again rather than half of it being published. Items whose
 * {@code event} is a kind this mapper does not know (account events such as {@code account_status_change}, kinds
 * SendGrid adds later) carry no recipient and are counted as ignored without further checks.
 *
 * <p>The message id is {@code sendgrid:} + {@code sg_event_id}, stable across SendGrid's retries, so downstream
 * deduplication drops a re-delivered event.
 */
public final class SendGridEventMapper {

    public static final String MESSAGE_ID_PREFIX = "sendgrid:";
    static final int MAX_EVENT_ID_LENGTH = 256;
    /** Largest unix time an {@link Instant} formatted as ISO-8601 with a four-digit year can hold (9999-12-31). */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private enum Kind {
        PROCESSED(null), DEFERRED(null), DROPPED(null),
        DELIVERED(EventNames.EMAIL_DELIVERED),
        OPEN(EventNames.EMAIL_OPENED),
        CLICK(EventNames.EMAIL_CLICKED),
        BOUNCE(EventNames.EMAIL_BOUNCED),
        SPAMREPORT(EventNames.EMAIL_MARKED_AS_SPAM),
        UNSUBSCRIBE(EventNames.UNSUBSCRIBED),
        GROUP_UNSUBSCRIBE(EventNames.UNSUBSCRIBED),
        GROUP_RESUBSCRIBE(EventNames.RESUBSCRIBED);

        private final String eventName;

        Kind(String eventName) {
            this.eventName = eventName;
        }

        static Kind of(String wire) {
            for (Kind kind : values()) {
                if (kind.name().equalsIgnoreCase(wire)) {
                    return kind;
                }
            }
            return null;
        }

        boolean published() {
            return eventName != null;
        }

        /** Events whose {@code ip}/{@code useragent} are the recipient's rather than SendGrid's sending MTA's. */
        boolean recipientAction() {
            return this == OPEN || this == CLICK;
        }
    }

    /**
     * Fields SendGrid itself puts on events; anything else at the top level of an event is a custom argument the
     * sender attached. Keys starting with {@code sg_} are SendGrid's as well.
     */
    static final Set<String> RESERVED_FIELDS = Set.of(
            "email", "timestamp", "event", "smtp-id", "sg_event_id", "sg_message_id", "category", "url", "url_offset",
            "useragent", "ip", "reason", "status", "response", "attempt", "type", "tls", "cert_err", "asm_group_id",
            "bounce_classification", "pool", "send_at", "marketing_campaign_id", "marketing_campaign_name",
            "marketing_campaign_version", "marketing_campaign_split_id", "singlesend_id", "singlesend_name",
            "template_id", "template_name", "template_version_id", "template_hash", "mc_stats", "phase_id",
            "post_type", "newsletter", "nlvx_campaign_id", "nlvx_campaign_split_id", "nlvx_user_id");

    private SendGridEventMapper() {
    }

    /**
     * @param payload    the parsed request body
     * @param sourceId   the configured source the webhook URL belongs to
     * @param receivedAt when the request arrived
     * @throws InvalidInputException listing every problem, paths like {@code [3].email}; {@code body} for the root
     */
    public static SendGridMapping map(JsonNode payload, String sourceId, Instant receivedAt) {
        return map(payload, sourceId, receivedAt, ClientTimeWindow.DEFAULT);
    }

    /**
     * @param window the event times believed: an event whose time lies outside is stamped with {@code receivedAt},
     *               and its unix time is kept in {@code context.originalTimestamp}
     */
    public static SendGridMapping map(JsonNode payload, String sourceId, Instant receivedAt,
            ClientTimeWindow window) {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (payload == null || !payload.isArray()) {
            throw new InvalidInputException("body", "must be a JSON array of SendGrid events");
        }
        List<InputProblem> problems = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        int ignored = 0;
        for (int i = 0; i < payload.size(); i++) {
            JsonNode item = payload.get(i);
            String at = "[" + i + "]";
            if (!item.isObject()) {
                problems.add(new InputProblem(at, "must be a JSON object"));
                continue;
            }
            String eventName = nonBlankText(item.get("event"));
            Kind kind = eventName == null ? null : Kind.of(eventName);
            if (eventName == null) {
                problems.add(new InputProblem(at + ".event", "is required and must be a non-empty string"));
            } else if (kind == null) {
                ignored++; // account events and kinds added after this mapper: no recipient to attribute them to
                continue;
            }
            Parsed valid = parse(item, at, kind, problems);
            if (valid == null) {
                continue;
            }
            if (kind.published()) {
                parsed.add(valid);
            } else {
                ignored++;
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<TouchpointEvent> events = new ArrayList<>(parsed.size());
        for (Parsed p : parsed) {
            events.add(toEvent(p, sourceId, receivedAt, window));
        }
        return new SendGridMapping(events, ignored);
    }

    private record Parsed(JsonNode node, Kind kind, String email, String eventId, Instant timestamp) {
    }

    /** The validated required fields, or null (with problems added) when any is unusable or the kind is unknown. */
    private static Parsed parse(JsonNode item, String at, Kind kind, List<InputProblem> problems) {
        int before = problems.size();
        JsonNode emailNode = item.get("email");
        String email = emailNode != null && emailNode.isTextual()
                ? EmailAddresses.normalize(emailNode.textValue()).orElse(null) : null;
        if (email == null) {
            problems.add(new InputProblem(at + ".email", "is required and must be an email address"));
        }
        String eventId = nonBlankText(item.get("sg_event_id"));
        if (eventId == null || eventId.length() > MAX_EVENT_ID_LENGTH) {
            problems.add(new InputProblem(at + ".sg_event_id",
                    "is required and must be a non-empty string of at most " + MAX_EVENT_ID_LENGTH + " characters"));
        }
        Instant timestamp = unixTime(item.get("timestamp"));
        if (timestamp == null) {
            problems.add(new InputProblem(at + ".timestamp", "is required and must be a unix time in seconds"));
        }
        if (problems.size() > before || kind == null) {
            return null;
        }
        return new Parsed(item, kind, email, eventId, timestamp);
    }

    private static TouchpointEvent toEvent(Parsed p, String sourceId, Instant receivedAt, ClientTimeWindow window) {
        JsonNode node = p.node();
        Map<String, Object> properties = customArgs(node);
        putText(properties, "providerMessageId", node.get("sg_message_id"));
        putText(properties, "reason", node.get("reason"));
        putText(properties, "status", node.get("status"));
        putText(properties, "url", node.get("url"));
        JsonNode category = node.get("category");
        if (category != null && (category.isTextual() || category.isArray())) {
            Object value = plain(category);
            if (value != null) {
                properties.put("category", value);
            }
        }
        JsonNode asmGroup = node.get("asm_group_id");
        if (asmGroup != null && asmGroup.isIntegralNumber() && asmGroup.canConvertToLong()) {
            properties.put("asmGroupId", asmGroup.longValue());
        }
        switch (p.kind()) {
            case BOUNCE -> {
                String type = nonBlankText(node.get("type"));
                if ("bounce".equalsIgnoreCase(type)) {
                    properties.put("bounceType", "hard");
                } else if ("blocked".equalsIgnoreCase(type)) {
                    properties.put("bounceType", "soft");
                }
                putText(properties, "bounceClassification", node.get("bounce_classification"));
            }
            case OPEN -> {
                JsonNode machineOpen = node.get("sg_machine_open");
                if (machineOpen != null && machineOpen.isBoolean()) {
                    properties.put("machineOpen", machineOpen.booleanValue());
                }
            }
            case UNSUBSCRIBE, GROUP_UNSUBSCRIBE, GROUP_RESUBSCRIBE -> properties.put("channel", "email");
            default -> {
            }
        }

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("traits", Map.of("email", p.email()));
        if (p.kind().recipientAction()) {
            String userAgent = nonBlankText(node.get("useragent"));
            if (userAgent != null) {
                context.put("userAgent", userAgent);
            }
            String ip = nonBlankText(node.get("ip"));
            if (ip != null) {
                context.put("ip", ip);
            }
        } else {
            putText(properties, "sendingIp", node.get("ip"));
        }

        boolean believed = window.contains(p.timestamp(), receivedAt);
        if (!believed) {
            context.put("originalTimestamp", p.node().get("timestamp").asText());
        }
        return TouchpointEventBuilder.of(EventType.TRACK)
                .messageId(MESSAGE_ID_PREFIX + p.eventId())
                .event(p.kind().eventName)
                .userId(userId(node))
                .properties(properties)
                .context(context)
                .channel(Channel.EMAIL)
                .sourceId(sourceId)
                .timestamp(believed ? p.timestamp() : receivedAt)
                .originalTimestamp(believed ? p.timestamp() : null)
                .receivedAt(receivedAt)
                .build();
    }

    private static String userId(JsonNode node) {
        JsonNode userId = node.get("userId");
        return userId != null && userId.isTextual() && !userId.textValue().isBlank()
                ? userId.textValue().strip() : null;
    }

    private static Map<String, Object> customArgs(JsonNode node) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (RESERVED_FIELDS.contains(key) || key.startsWith("sg_") || !acceptableKey(key)) {
                continue;
            }
            Object value = plain(field.getValue());
            if (value != null) {
                args.put(key, value);
            }
        }
        return args;
    }

    /** Keys that document stores and the canonical model refuse: operator-like, NUL-carrying, empty. */
    static boolean acceptableKey(String key) {
        return !key.isEmpty() && !key.startsWith("$") && key.indexOf('\0') < 0;
    }

    /**
     * A JSON value as plain Java: String, Long, Double, Boolean, List and Map (with unacceptable keys dropped);
     * null for JSON null and for anything else. Integers beyond a long and non-finite decimals become their text.
     */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.asText();
        }
        if (node.isNumber()) {
            double value = node.doubleValue();
            return Double.isFinite(value) ? (Object) value : node.asText();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                Object value = plain(element);
                if (value != null) {
                    list.add(value);
                }
            }
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!acceptableKey(field.getKey())) {
                    continue;
                }
                Object value = plain(field.getValue());
                if (value != null) {
                    map.put(field.getKey(), value);
                }
            }
            return map;
        }
        return null;
    }

    private static void putText(Map<String, Object> properties, String key, JsonNode node) {
        String text = nonBlankText(node);
        if (text != null) {
            properties.put(key, text);
        }
    }

    private static String nonBlankText(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
    }

    private static Instant unixTime(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                return null;
            }
            long seconds = node.longValue();
            return seconds >= 0 && seconds <= MAX_EPOCH_SECOND ? Instant.ofEpochSecond(seconds) : null;
        }
        double seconds = node.doubleValue();
        if (!Double.isFinite(seconds) || seconds < 0 || seconds > MAX_EPOCH_SECOND) {
            return null;
        }
        return Instant.ofEpochMilli(Math.round(seconds * 1000));
    }
}
