package io.omnijourney.notification.support;

import static io.restassured.RestAssured.given;

import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.testsupport.KafkaTestClient;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds notification requests and templates the way journey-service and a marketer would. */
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

    public NotificationRequest build() {
        return new NotificationRequest(requestId, profileId, "journey-1", 3, "step-1", channels, templateId, category,
                variables, trigger, new NotificationRequest.Recipient(Map.copyOf(identifiers), Map.copyOf(traits),
                        Map.copyOf(consent), locale, "Europe/Lisbon"), Instant.parse("2026-11-20T09:00:00Z"));
    }

    public NotificationRequest produce(KafkaTestClient kafka) {
        NotificationRequest request = build();
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
