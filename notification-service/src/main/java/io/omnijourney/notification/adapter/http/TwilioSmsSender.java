package io.omnijourney.notification.adapter.http;

import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.RenderedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SMS through Twilio's Messages API shape ({@link TwilioMessagesSender}): {@code To} and {@code From} as E.164
 * numbers, the text as {@code Body}. Any provider with this shape can be the primary or the secondary.
 */
public class TwilioSmsSender extends TwilioMessagesSender {

    public TwilioSmsSender(ProviderHttp http, NotificationConfig config) {
        super(http, config, endpoints(config.sms()));
    }

    private static List<NotificationConfig.Endpoint> endpoints(NotificationConfig.Provider provider) {
        List<NotificationConfig.Endpoint> endpoints = new ArrayList<>();
        endpoints.add(provider.primary());
        provider.secondary().ifPresent(endpoints::add);
        return endpoints;
    }

    @Override
    public MessageChannel channel() {
        return MessageChannel.SMS;
    }

    @Override
    String address(String phone) {
        return phone;
    }

    @Override
    Map<String, String> content(RenderedMessage message) {
        return Map.of("Body", ((RenderedMessage.Sms) message).text());
    }
}
