package io.omnijourney.contract.cloudevents;

import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.touchpoint.IsoInstants;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: the attributes travel as {@code ce_*} headers and the
 * record value is the JSON event itself.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";
    public static final String TOUCHPOINT_TYPE_PREFIX = "io.omnijourney.touchpoint.";

    private CloudEventHeaders() {
    }

    /** Headers of a touchpoint record: id = messageId, source = /sources/{sourceId}, type per call type. */
    public static Map<String, String> forTouchpoint(TouchpointEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(ID, event.messageId());
        headers.put(SOURCE, sourceUri(event.sourceId()));
        headers.put(TYPE, TOUCHPOINT_TYPE_PREFIX + event.type().wireName());
        String subject = subjectOf(event);
        if (subject != null) {
            headers.put(SUBJECT, subject);
        }
        headers.put(TIME, IsoInstants.format(event.timestamp()));
        headers.put(CONTENT_TYPE, JSON);
        return headers;
    }

    public static final String PROFILE_TYPE_PREFIX = "io.omnijourney.profile.";
    public static final String NOTIFICATION_REQUESTED_TYPE = "io.omnijourney.notification.requested";

    /** Headers of a profile-events record: id = eventId, source = /profile-service, subject = profileId. */
    public static Map<String, String> forProfileEvent(ProfileEvent event) {
        return headers(event.eventId(), "/profile-service", PROFILE_TYPE_PREFIX + event.kind().wireName(),
                event.profileId(), event.occurredAt());
    }

    /** Headers of a notification-requests record: id = requestId, source = /journey-service, subject = profileId. */
    public static Map<String, String> forNotificationRequest(NotificationRequest request) {
        return headers(request.requestId(), "/journey-service", NOTIFICATION_REQUESTED_TYPE, request.profileId(),
                request.requestedAt());
    }

    private static Map<String, String> headers(String id, String source, String type, String subject, Instant time) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(ID, id);
        headers.put(SOURCE, source);
        headers.put(TYPE, type);
        headers.put(SUBJECT, subject);
        headers.put(TIME, IsoInstants.format(time));
        headers.put(CONTENT_TYPE, JSON);
        return headers;
    }

    public static String sourceUri(String sourceId) {
        return "/sources/" + sourceId;
    }

    /** Parses and checks the required attributes; a record without them is not a CloudEvent of ours. */
    public static CloudEventAttributes parse(Map<String, String> headers) {
        String version = required(headers, SPEC_VERSION);
        if (!SPEC_VERSION_1_0.equals(version)) {
            throw new IllegalArgumentException("unsupported " + SPEC_VERSION + " '" + version + "'");
        }
        String time = headers.get(TIME);
        Instant parsedTime = null;
        if (time != null) {
            try {
                parsedTime = IsoInstants.parse(time);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("header " + TIME + " is not an RFC 3339 time", e);
            }
        }
        return new CloudEventAttributes(required(headers, ID), required(headers, SOURCE), required(headers, TYPE),
                headers.get(SUBJECT), parsedTime);
    }

    /** The subject names what happened (the event or page name): the identity stays in the payload and the key. */
    private static String subjectOf(TouchpointEvent event) {
        return switch (event.type()) {
            case TRACK -> event.event();
            case PAGE, SCREEN -> event.name();
            default -> null;
        };
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing header " + name);
        }
        return value;
    }
}
