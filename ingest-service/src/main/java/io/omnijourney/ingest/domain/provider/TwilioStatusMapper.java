package io.omnijourney.ingest.domain.provider;

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
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Twilio's status callbacks for messages notification-service sent: {@code sent}, {@code delivered},
 * {@code undelivered} and {@code failed} become {@code SMS Sent}, {@code SMS Delivered}, {@code SMS Undelivered} and
 * {@code SMS Failed} touchpoints naming the recipient ({@code To}) and the request ({@code requestId}, with the
 * {@code journeyId} and {@code stepId} of a journey's message, which notification-service put in the callback URL,
 * covered by Twilio's signature). The intermediate states
 * ({@code accepted}, {@code scheduled}, {@code queued}, {@code sending}) are ignored. The message id is the message's
 * SID and status, so Twilio's retries of one callback are one touchpoint downstream.
 *
 * <p>A message sent over WhatsApp names its recipient {@code whatsapp:+E164} (Twilio signs it): its fates are
 * {@code WhatsApp Sent}, {@code WhatsApp Delivered}, {@code WhatsApp Read}, {@code WhatsApp Undelivered} and
 * {@code WhatsApp Failed} on channel {@code whatsapp}.
 */
public final class TwilioStatusMapper {

    public static final String MESSAGE_ID_PREFIX = "twilio-status:";
    private static final Map<String, String> SMS_EVENTS = Map.of(
            "sent", EventNames.SMS_SENT,
            "delivered", EventNames.SMS_DELIVERED,
            "undelivered", EventNames.SMS_UNDELIVERED,
            "failed", EventNames.SMS_FAILED);
    private static final Map<String, String> WHATSAPP_EVENTS = Map.of(
            "sent", EventNames.WHATSAPP_SENT,
            "delivered", EventNames.WHATSAPP_DELIVERED,
            "read", EventNames.WHATSAPP_READ,
            "undelivered", EventNames.WHATSAPP_UNDELIVERED,
            "failed", EventNames.WHATSAPP_FAILED);
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9]{2,64}");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9:._-]{1,200}");
    private static final Pattern ERROR_CODE = Pattern.compile("[0-9]{1,10}");

    private TwilioStatusMapper() {
    }

    /**
     * The message a callback is about, from the callback URL notification-service gave Twilio (covered by the
     * signature): its request, and the journey and step that sent it (all null when the URL names none).
     */
    public record MessageRef(String requestId, String journeyId, String stepId) {
    }

    /**
     * @param form      the callback's form parameters
     * @param ref       the request, journey and step of the callback URL, if any
     * @return the touchpoint, or empty for a status that is not a fate
     * @throws InvalidInputException naming {@code MessageSid}, {@code MessageStatus}, {@code To}, {@code requestId},
     *                               {@code journeyId} or {@code stepId}
     */
    public static Optional<TouchpointEvent> map(Map<String, String> form, MessageRef ref, String sourceId,
            Instant receivedAt) {
        String requestId = ref == null ? null : ref.requestId();
        String journeyId = ref == null ? null : ref.journeyId();
        String stepId = ref == null ? null : ref.stepId();
        Map<String, String> params = form == null ? Map.of() : form;
        List<InputProblem> problems = new ArrayList<>();
        String sid = params.get("MessageSid") == null ? null : params.get("MessageSid").strip();
        if (sid == null || !SID.matcher(sid).matches()) {
            problems.add(new InputProblem("MessageSid", "is required: letters and digits"));
        }
        String status = params.get("MessageStatus") == null ? null
                : params.get("MessageStatus").strip().toLowerCase(Locale.ROOT);
        if (status == null || status.isEmpty()) {
            problems.add(new InputProblem("MessageStatus", "is required"));
        }
        TwilioAddress to = TwilioAddress.parse(params.get("To")).orElse(null);
        if (to == null) {
            problems.add(new InputProblem("To", "is required and must be an E.164 phone number, or whatsapp: and one"));
        }
        if (requestId != null && !REQUEST_ID.matcher(requestId).matches()) {
            problems.add(new InputProblem("requestId", "is not a request id"));
        }
        if (journeyId != null && !REQUEST_ID.matcher(journeyId).matches()) {
            problems.add(new InputProblem("journeyId", "is not a journey id"));
        }
        if (stepId != null && !REQUEST_ID.matcher(stepId).matches()) {
            problems.add(new InputProblem("stepId", "is not a step id"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String event = (to.channel() == Channel.WHATSAPP ? WHATSAPP_EVENTS : SMS_EVENTS).get(status);
        if (event == null) {
            return Optional.empty();
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("messageSid", sid);
        properties.put("status", status);
        if (requestId != null) {
            properties.put("requestId", requestId);
        }
        if (journeyId != null && stepId != null) {
            properties.put("journeyId", journeyId);
            properties.put("stepId", stepId);
        }
        String errorCode = params.get("ErrorCode");
        if (errorCode != null && ERROR_CODE.matcher(errorCode.strip()).matches()) {
            properties.put("errorCode", errorCode.strip());
        }
        return Optional.of(TouchpointEventBuilder.of(EventType.TRACK).messageId(MESSAGE_ID_PREFIX + sid + ":" + status)
                .event(event).properties(properties).context(Map.of("traits", Map.of("phone", to.phone())))
                .channel(to.channel()).sourceId(sourceId).timestamp(receivedAt).originalTimestamp(receivedAt)
                .receivedAt(receivedAt).build());
    }
}
