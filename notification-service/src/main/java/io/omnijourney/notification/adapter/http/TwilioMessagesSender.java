package io.omnijourney.notification.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnijourney.notification.app.ChannelSender;
import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.SendOutcome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Twilio's Messages API shape, which carries SMS and WhatsApp alike: {@code POST
 * {base}/2010-04-01/Accounts/{sid}/Messages.json}, form-encoded {@code To}, {@code From} and the channel's content
 * fields, HTTP Basic with the SID and auth token, the request id as {@code I-Twilio-Idempotency-Token} (a retried call
 * is one message), and a {@code StatusCallback} naming the request (and a journey's message's journey and step)
 * when one is configured; the answer's {@code sid} is
 * the provider message id. A channel without a configured endpoint fails every send for good, so a request's next
 * channel takes over.
 */
abstract class TwilioMessagesSender implements ChannelSender {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The provider name in the ledger when none is configured. */
    static final String NONE = "none";

    private final ProviderHttp http;
    private final List<NotificationConfig.Endpoint> endpoints;
    private final NotificationConfig config;

    TwilioMessagesSender(ProviderHttp http, NotificationConfig config, List<NotificationConfig.Endpoint> endpoints) {
        this.http = http;
        this.config = config;
        this.endpoints = List.copyOf(endpoints);
    }

    /** The form's {@code To} or {@code From} for a phone number of this channel. */
    abstract String address(String phone);

    /** The content fields of the form, in order. */
    abstract Map<String, String> content(RenderedMessage message);

    /** A refusal this channel explains better than the HTTP status does, or the classified outcome itself. */
    SendOutcome explained(String provider, String errorCode, SendOutcome classified) {
        return classified;
    }

    @Override
    public List<String> providers() {
        return endpoints.isEmpty() ? List.of(NONE) : endpoints.stream().map(NotificationConfig.Endpoint::name).toList();
    }

    @Override
    public SendOutcome send(Delivery delivery, int providerIndex) {
        if (endpoints.isEmpty()) {
            return new SendOutcome.Permanent(NONE, "no " + channel().wireName() + " provider configured");
        }
        NotificationConfig.Endpoint endpoint = endpoints.get(providerIndex);
        String url = endpoint.baseUrl() + "/2010-04-01/Accounts/" + endpoint.account() + "/Messages.json";
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", address(delivery.address()));
        form.put("From", endpoint.from().map(this::address).orElse(""));
        form.putAll(content(delivery.message()));
        endpoint.statusCallbackUrl().ifPresent(callback -> form.put("StatusCallback",
                statusCallback(callback, delivery)));
        String basic = Base64.getEncoder().encodeToString((endpoint.account() + ":" + endpoint.secret())
                .getBytes(StandardCharsets.UTF_8));
        try {
            ProviderHttp.Answer answer = http.post(url, null, Map.of("Authorization", "Basic " + basic,
                    "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json",
                    "I-Twilio-Idempotency-Token", delivery.requestId()),
                    encode(form).getBytes(StandardCharsets.UTF_8), config.delivery().timeout());
            JsonNode body = parse(answer.body());
            // Only the error code: Twilio's messages quote the phone number.
            String code = body.hasNonNull("code") ? body.get("code").asText() : null;
            SendOutcome classified = ProviderHttp.classify(endpoint.name(), answer, body.path("sid").asText(null),
                    code == null ? "" : "code " + code);
            return answer.ok() ? classified : explained(endpoint.name(), code, classified);
        } catch (Exception e) {
            return ProviderHttp.failure(endpoint.name(), e);
        }
    }

    /**
     * The status callback URL of one message: the request, and the journey and step it belongs to (Twilio signs the
     * URL with the callback, so ingest can trust them), for the ledger and the journey's step statistics.
     */
    static String statusCallback(String callback, Delivery delivery) {
        StringBuilder url = new StringBuilder(callback).append(callback.contains("?") ? "&" : "?")
                .append("requestId=").append(enc(delivery.requestId()));
        if (delivery.journeyId() != null && delivery.stepId() != null) {
            url.append("&journeyId=").append(enc(delivery.journeyId())).append("&stepId=")
                    .append(enc(delivery.stepId()));
        }
        return url.toString();
    }

    static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static String encode(Map<String, String> form) {
        List<String> pairs = new ArrayList<>(form.size());
        form.forEach((name, value) -> pairs.add(enc(name) + "=" + enc(value)));
        return String.join("&", pairs);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
