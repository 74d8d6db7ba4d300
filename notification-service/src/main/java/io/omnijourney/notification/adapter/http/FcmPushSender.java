package io.omnijourney.notification.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnijourney.notification.app.ChannelSender;
import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.OpenPixel;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.SendOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Push through the FCM HTTP v1 shape: {@code POST {base}/v1/projects/{project}/messages:send} with a Bearer token and
 * {@code {"message": {"token", "notification": {"title", "body"}, "data": {"deepLink", "requestId", "openUrl"}}}}; the answer's
 * {@code name} is the provider message id.
 */
public class FcmPushSender implements ChannelSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderHttp http;
    private final List<NotificationConfig.Endpoint> endpoints = new ArrayList<>();
    private final NotificationConfig config;

    public FcmPushSender(ProviderHttp http, NotificationConfig config) {
        this.http = http;
        this.config = config;
        endpoints.add(config.push().primary());
        config.push().secondary().ifPresent(endpoints::add);
    }

    @Override
    public MessageChannel channel() {
        return MessageChannel.PUSH;
    }

    @Override
    public List<String> providers() {
        return endpoints.stream().map(NotificationConfig.Endpoint::name).toList();
    }

    @Override
    public SendOutcome send(Delivery delivery, int providerIndex) {
        NotificationConfig.Endpoint endpoint = endpoints.get(providerIndex);
        RenderedMessage.Push push = (RenderedMessage.Push) delivery.message();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode message = root.putObject("message");
        message.put("token", delivery.address());
        ObjectNode notification = message.putObject("notification");
        notification.put("title", push.title());
        notification.put("body", push.body());
        ObjectNode data = message.putObject("data");
        data.put("requestId", delivery.requestId());
        // Where the app reports that the person opened it (POST, no key: the token is signed and names the message).
        data.put("openUrl", config.tracking().publicBaseUrl() + "/t/p/"
                + OpenPixel.pushToken(config.tracking().secret(), delivery.requestId()));
        if (push.deepLink() != null && !push.deepLink().isBlank()) {
            data.put("deepLink", push.deepLink());
        }
        String url = endpoint.baseUrl() + "/v1/projects/" + endpoint.account() + "/messages:send";
        try {
            ProviderHttp.Answer answer = http.post(url, null, Map.of("Authorization", "Bearer " + endpoint.secret(),
                    "Content-Type", "application/json; charset=UTF-8"), JSON.writeValueAsBytes(root),
                    config.delivery().timeout());
            JsonNode body = TwilioSmsSender.parse(answer.body());
            String detail = body.path("error").path("status").asText("");
            return ProviderHttp.classify(endpoint.name(), answer, body.path("name").asText(null), detail);
        } catch (Exception e) {
            return ProviderHttp.failure(endpoint.name(), e);
        }
    }
}
