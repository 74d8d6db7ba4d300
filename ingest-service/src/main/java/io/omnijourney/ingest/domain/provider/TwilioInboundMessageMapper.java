package io.omnijourney.ingest.domain.provider;

import io.omnijourney.contract.identity.EmailAddresses;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.ingest.domain.InputProblem;
import io.omnijourney.ingest.domain.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps a Twilio Programmable Messaging inbound-message webhook (the form parameters of the POST) to touchpoints:
 * always an {@code SMS Received} or, when Twilio names the sender {@code whatsapp:+E164}, a {@code WhatsApp Received}
 * on channel {@code whatsapp}; plus {@code Unsubscribed} or {@code Resubscribed} for that channel when the whole body
 * is one of Twilio's default opt-out or opt-in keywords (Twilio itself acts on those keywords for SMS long codes and
 * toll-free numbers, so the journey side must learn about them too; on WhatsApp they are the customer's explicit
 * word, and WhatsApp's opt-in rules make it binding for us).
 *
 * <p>Message ids derive from {@code MessageSid}, so a re-delivered webhook dedupes downstream.
 */
public final class TwilioInboundMessageMapper {

    public static final String MESSAGE_ID_PREFIX = "twilio:";
    public static final Set<String> OPT_OUT_KEYWORDS =
            Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    public static final Set<String> OPT_IN_KEYWORDS = Set.of("START", "YES", "UNSTOP");

    private TwilioInboundMessageMapper() {
    }

    /**
     * @param form       the decoded {@code application/x-www-form-urlencoded} parameters
     * @param sourceId   the configured source the webhook URL belongs to
     * @param receivedAt when the request arrived; Twilio's inbound webhook carries no event time of its own
     * @throws InvalidInputException listing the problems with {@code MessageSid}, {@code From} and {@code Body}
     */
    public static List<TouchpointEvent> map(Map<String, String> form, String sourceId, Instant receivedAt) {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Map<String, String> params = form == null ? Map.of() : form;

        List<InputProblem> problems = new ArrayList<>();
        String sid = params.get("MessageSid") == null ? null : params.get("MessageSid").strip();
        if (sid == null || sid.isEmpty()) {
            problems.add(new InputProblem("MessageSid", "is required"));
        }
        TwilioAddress from = TwilioAddress.parse(params.get("From")).orElse(null);
        if (from == null) {
            problems.add(new InputProblem("From",
                    "is required and must be an E.164 phone number, or whatsapp: and one"));
        }
        String body = params.get("Body");
        if (body == null) {
            problems.add(new InputProblem("Body", "is required (it may be empty)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }

        Map<String, Object> received = new LinkedHashMap<>();
        received.put("body", body);
        String to = params.get("To");
        if (to != null && !to.isBlank()) {
            received.put("to", TwilioAddress.parse(to).map(TwilioAddress::phone).orElse(to.strip()));
        }
        received.put("messageSid", sid);
        Long numMedia = parseCount(params.get("NumMedia"));
        if (numMedia != null) {
            received.put("numMedia", numMedia);
        }

        List<TouchpointEvent> events = new ArrayList<>(2);
        String receivedEvent = from.channel() == Channel.WHATSAPP ? EventNames.WHATSAPP_RECEIVED
                : EventNames.SMS_RECEIVED;
        events.add(event(receivedEvent, MESSAGE_ID_PREFIX + sid, received, from, sourceId, receivedAt));

        String keyword = body.strip().toUpperCase(Locale.ROOT);
        if (OPT_OUT_KEYWORDS.contains(keyword)) {
            events.add(event(EventNames.UNSUBSCRIBED, MESSAGE_ID_PREFIX + sid + ":unsubscribed",
                    subscription(keyword, sid, from.channel()), from, sourceId, receivedAt));
        } else if (OPT_IN_KEYWORDS.contains(keyword)) {
            events.add(event(EventNames.RESUBSCRIBED, MESSAGE_ID_PREFIX + sid + ":resubscribed",
                    subscription(keyword, sid, from.channel()), from, sourceId, receivedAt));
        }
        return List.copyOf(events);
    }

    private static Map<String, Object> subscription(String keyword, String sid, Channel channel) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("channel", channel.wireName());
        properties.put("keyword", keyword);
        properties.put("messageSid", sid);
        return properties;
    }

    private static TouchpointEvent event(String name, String messageId, Map<String, Object> properties,
            TwilioAddress from, String sourceId, Instant receivedAt) {
        return TouchpointEventBuilder.of(EventType.TRACK)
                .messageId(messageId)
                .event(name)
                .properties(properties)
                .context(Map.of("traits", Map.of("phone", from.phone())))
                .channel(from.channel())
                .sourceId(sourceId)
                .timestamp(receivedAt)
                .originalTimestamp(receivedAt)
                .receivedAt(receivedAt)
                .build();
    }

    private static Long parseCount(String value) {
        if (value == null) {
            return null;
        }
        try {
            long count = Long.parseLong(value.strip());
            return count >= 0 ? count : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
