package io.omnijourney.notification.adapter.http;

import io.omnijourney.notification.app.ChannelSender;
import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.AddressGuard;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.SendOutcome;
import io.omnijourney.notification.domain.Signatures;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Webhooks: an HTTPS POST of the rendered JSON body, signed with HMAC-SHA256 over {@code "<timestamp>.<body>"}. The
 * host is resolved here, every address it resolves to is checked by the {@link AddressGuard}, and the connection goes
 * to the checked address (a second, different DNS answer cannot slip in). Redirects are not followed.
 */
public class WebhookSender implements ChannelSender {

    public static final String PROVIDER = "webhook";

    private final ProviderHttp http;
    private final NotificationConfig config;
    private final AddressGuard guard;
    private final Clock clock;

    public WebhookSender(ProviderHttp http, NotificationConfig config, Clock clock) {
        this.http = http;
        this.config = config;
        this.guard = new AddressGuard(config.webhook().allowList().orElse(List.of()),
                config.webhook().allowedPorts());
        this.clock = clock;
    }

    @Override
    public MessageChannel channel() {
        return MessageChannel.WEBHOOK;
    }

    @Override
    public List<String> providers() {
        return List.of(PROVIDER);
    }

    @Override
    public SendOutcome send(Delivery delivery, int providerIndex) {
        RenderedMessage.Webhook webhook = (RenderedMessage.Webhook) delivery.message();
        URI uri;
        try {
            uri = URI.create(webhook.url());
        } catch (IllegalArgumentException e) {
            return new SendOutcome.Permanent(PROVIDER, "invalid target URL");
        }
        Optional<String> schemeProblem = schemeProblem(uri);
        if (schemeProblem.isPresent()) {
            return new SendOutcome.Permanent(PROVIDER, schemeProblem.get());
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(stripBrackets(uri.getHost()));
        } catch (UnknownHostException e) {
            return new SendOutcome.Transient(PROVIDER, "unknown host", Optional.empty());
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = guard.refusal(address, port);
            if (refusal.isPresent()) {
                return new SendOutcome.Permanent(PROVIDER, refusal.get());
            }
        }
        byte[] body = webhook.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of("Content-Type", "application/json",
                Signatures.TIMESTAMP_HEADER, Long.toString(timestamp),
                Signatures.SIGNATURE_HEADER, Signatures.webhookSignature(config.webhook().signingSecret(), timestamp,
                        body),
                "X-OmniJourney-Request-Id", delivery.requestId());
        try {
            ProviderHttp.Answer answer = http.post(webhook.url(), addresses[0], headers, body,
                    config.delivery().timeout());
            return ProviderHttp.classify(PROVIDER, answer, delivery.requestId(), "");
        } catch (Exception e) {
            return ProviderHttp.failure(PROVIDER, e);
        }
    }

    private Optional<String> schemeProblem(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            return Optional.of("invalid target URL");
        }
        if (scheme.equals("https") || (scheme.equals("http") && config.webhook().allowHttp())) {
            return Optional.empty();
        }
        return Optional.of("target must be https");
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
