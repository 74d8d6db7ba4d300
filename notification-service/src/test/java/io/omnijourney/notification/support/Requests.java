package io.omnijourney.notification.support;

import static io.restassured.RestAssured.given;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.testsupport.KafkaTestClient;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds notification requests and templates the way journey-service and a marketer would. A request names its
 * profile by id and version; the identifiers and traits given here go into the profile event that profile-service
 * would have published for that version ({@link #profileEvent()}), which {@link #produce} publishes before the request.
 * {@link #buildLegacy()} builds a record of the older format, which carried them itself.
 */
public final class Requests {

    public static final String MARKETER_KEY = "test-marketer-key";
    public static final String ANALYST_KEY = "test-analyst-key";
    public static final String ADMIN_KEY = "test-admin-key";

    private String requestId = "req-" + UUID.randomUUID();
    private String profileId = "prof-" + UUID.randomUUID();
    private List<Channel> channels = List.of(Channel.EMAIL);
    private String templateId;
    private MessageCategory category = MessageCategory.TRANSACTIONAL;
    private final Map<String, List<String>> identifiers = new LinkedHashMap<>();
    private final Map<String, Object> traits = new LinkedHashMap<>();
    private final Map<String, String> consent = new LinkedHashMap<>();
    private Map<String, Object> variables = Map.of();
    private NotificationRequest.Trigger trigger;
    private String locale;
    private long profileVersion = 1;

    public static Requests request(String templateId) {
        Requests r = new Requests();
        r.templateId = templateId;
        return r;
    }

    public Requests requestId(String value) {
        requestId = value;
        return this;
    }

    public Requests profileId(String value) {
        profileId = value;
        return this;
    }

    public Requests channels(Channel... values) {
        channels = List.of(values);
        return this;
    }

    public Requests marketing() {
        category = MessageCategory.MARKETING;
        return this;
    }

    public Requests identifier(String type, String value) {
        identifiers.put(type, List.of(value));
        return this;
    }

    public Requests trait(String key, Object value) {
        traits.put(key, value);
        return this;
    }

    public Requests consent(String channel, String status) {
        consent.put(channel, status);
        return this;
    }

    public Requests variables(Map<String, Object> value) {
        variables = value;
        return this;
    }

    public Requests trigger(String event, Map<String, Object> properties) {
        trigger = new NotificationRequest.Trigger("msg-" + UUID.randomUUID(), event, properties);
        return this;
    }

    /** The profile version the request was decided on, and the version of the profile event it comes with. */
    public Requests profileVersion(long value) {
        profileVersion = value;
        return this;
    }

    public Requests locale(String value) {
        locale = value;
        return this;
    }

    public String requestId() {
        return requestId;
    }

    public String profileId() {
        return profileId;
    }

    /** The request as journey-service publishes it: ids, the profile version, no identifiers or traits. */
    public NotificationRequest build() {
        return new NotificationRequest(requestId, profileId, profileVersion, "journey-1", 3, "step-1", channels,
                templateId, category, variables, trigger, NotificationRequest.Recipient.of(Map.copyOf(consent), locale,
                        "Europe/Lisbon"), Instant.parse("2026-11-20T09:00:00Z"));
    }

    /** A request of the older format, which carried the recipient's identifiers and traits. */
    public NotificationRequest buildLegacy() {
        return new NotificationRequest(requestId, profileId, null, "journey-1", 3, "step-1", channels, templateId,
                category, variables, trigger, new NotificationRequest.Recipient(Map.copyOf(identifiers),
                        Map.copyOf(traits), Map.copyOf(consent), locale, "Europe/Lisbon"),
                Instant.parse("2026-11-20T09:00:00Z"));
    }

    /** The profile at {@link #profileVersion}: the identifiers and traits given, no consent (the request has it). */
    public ProfileSnapshot snapshot() {
        Map<String, Object> snapshotTraits = new LinkedHashMap<>(traits);
        if (locale != null) {
            snapshotTraits.putIfAbsent("locale", locale);
        }
        return new ProfileSnapshot(Map.copyOf(identifiers), snapshotTraits, Map.of(), Map.of(), List.of(),
                profileVersion);
    }

    /** The touchpoint profile event that carries {@link #snapshot()}, as profile-service publishes it. */
    public ProfileEvent profileEvent() {
        Instant now = Instant.now();
        TouchpointEvent touchpoint = TouchpointEventBuilder.of(EventType.IDENTIFY)
                .messageId("tp-" + profileId + "-" + profileVersion).userId("u-" + profileId).channel(Channel.WEB)
                .sourceId("web").timestamp(now).receivedAt(now).build();
        return ProfileEvent.touchpoint(profileId, touchpoint, snapshot());
    }

    /** Publishes the profile event, then the request (journey-service and profile-service, in causal order). */
    public NotificationRequest produce(KafkaTestClient kafka) {
        produceProfile(kafka);
        return produceRequest(kafka);
    }

    /** Publishes the profile event only. */
    public ProfileEvent produceProfile(KafkaTestClient kafka) {
        ProfileEvent event = profileEvent();
        kafka.produce(Topics.PROFILE_EVENTS, profileId, ContractJson.encode(event),
                CloudEventHeaders.forProfileEvent(event));
        return event;
    }

    /** Publishes the request only (its profile event not yet, or never). */
    public NotificationRequest produceRequest(KafkaTestClient kafka) {
        return produce(kafka, build());
    }

    /** Publishes a request of the older format: no profile event needed, it carries identifiers and traits. */
    public NotificationRequest produceLegacy(KafkaTestClient kafka) {
        return produce(kafka, buildLegacy());
    }

    private static NotificationRequest produce(KafkaTestClient kafka, NotificationRequest request) {
        kafka.produce(Topics.NOTIFICATION_REQUESTS, request.profileId(), ContractJson.encode(request),
                CloudEventHeaders.forNotificationRequest(request));
        return request;
    }

    /**
     * Creates or replaces a template over REST with the admin key, marked transactional (requests are
     * transactional unless {@link #marketing()} says otherwise).
     */
    public static void template(String id, String channel, Map<String, Object> body) {
        Map<String, Object> marked = new LinkedHashMap<>(body);
        marked.put("transactional", true);
        given().header("X-API-Key", ADMIN_KEY).contentType(ContentType.JSON).body(marked)
                .put("/templates/{id}/{channel}", id, channel).then().statusCode(200);
    }

    /** Creates or replaces a template over REST as a marketer: not transactional. */
    public static void marketerTemplate(String id, String channel, Map<String, Object> body) {
        given().header("X-API-Key", MARKETER_KEY).contentType(ContentType.JSON).body(body)
                .put("/templates/{id}/{channel}", id, channel).then().statusCode(200);
    }
}
