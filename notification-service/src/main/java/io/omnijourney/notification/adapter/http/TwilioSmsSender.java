package io.omnijourney.notification.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnijourney.notification.app.ChannelSender;
import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.SendOutcome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * SMS through Twilio's Messages API shape: {@code POST {base}/2010-04-01/Accounts/{sid}/Messages.json}, form-encoded
 * {@code To}, {@code From}, {@code Body}, HTTP Basic with the SID and auth token; the answer's {@code sid} is the
 * provider message id. Any provider with this shape can be the primary or the secondary.
 */
public class TwilioSmsSender implements ChannelSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderHttp http;
    private final List<NotificationConfig.Endpoint> endpoints = new ArrayList<>();
    private final NotificationConfig config;

    public TwilioSmsSender(ProviderHttp http, NotificationConfig config) {
        this.http = http;
        this.config = config;
        endpoints.add(config.sms().primary());
        config.sms().secondary().ifPresent(endpoints::add);
    }

    @Override
    public MessageChannel channel() {
        return MessageChannel.SMS;
    }

    @Override
    public List<String> providers() {
        return endpoints.stream().map(NotificationConfig.Endpoint::name).toList();
    }

    @Override
    public SendOutcome send(Delivery delivery, int providerIndex) {
        NotificationConfig.Endpoint endpoint = endpoints.get(providerIndex);
        RenderedMessage.Sms sms = (RenderedMessage.Sms) delivery.message();
        String url = endpoint.baseUrl() + "/2010-04-01/Accounts/" + endpoint.account() + "/Messages.json";
        String form = "To=" + enc(delivery.address()) + "&From=" + enc(endpoint.from().orElse("")) + "&Body="
                + enc(sms.text()) + endpoint.statusCallbackUrl().map(callback -> "&StatusCallback="
                        + enc(statusCallback(callback, delivery))).orElse("");
        String basic = Base64.getEncoder().encodeToString((endpoint.account() + ":" + endpoint.secret())
                .getBytes(StandardCharsets.UTF_8));
        try {
            ProviderHttp.Answer answer = http.post(url, null, Map.of("Authorization", "Basic " + basic,
                    "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json",
                    "I-Twilio-Idempotency-Token", delivery.requestId()),
                    form.getBytes(StandardCharsets.UTF_8), config.delivery().timeout());
            JsonNode body = parse(answer.body());
            // Only the error code: Twilio's messages quote the phone number.
            String detail = body.hasNonNull("code") ? "code " + body.get("code").asText() : "";
            return ProviderHttp.classify(endpoint.name(), answer, body.path("sid").asText(null), detail);
        } catch (Exception e) {
            return ProviderHttp.failure(endpoint.name(), e);
        }
    }

    /**
     * The status callback URL of one message: the request, journey and step it belongs to (Twilio signs the URL with
     * the callback, so ingest can trust them), for the ledger and the journey's step statistics.
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

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
