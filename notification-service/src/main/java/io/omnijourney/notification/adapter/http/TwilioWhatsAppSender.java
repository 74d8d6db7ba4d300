package io.omnijourney.notification.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.SendOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WhatsApp through Twilio's Messages API shape ({@link TwilioMessagesSender}): {@code To} and {@code From} as
 * {@code whatsapp:+E164}; an approved template as {@code ContentSid} with its {@code ContentVariables} (a JSON object
 * of the variables "1".."10"), else the free-form text as {@code Body}. Twilio refuses free-form text outside the
 * 24-hour session window the customer's last inbound message opened (error 63016): that refusal is permanent and says
 * so, and the request's next channel takes over. Without a configured endpoint every send fails for good.
 */
public class TwilioWhatsAppSender extends TwilioMessagesSender {

    /** Twilio: "Failed to send freeform message because you are outside the allowed window". */
    static final String OUTSIDE_SESSION_WINDOW = "63016";

    public TwilioWhatsAppSender(ProviderHttp http, NotificationConfig config) {
        super(http, config, endpoints(config.whatsapp()));
    }

    private static List<NotificationConfig.Endpoint> endpoints(NotificationConfig.WhatsApp provider) {
        List<NotificationConfig.Endpoint> endpoints = new ArrayList<>();
        provider.primary().ifPresent(endpoints::add);
        provider.primary().flatMap(ignored -> provider.secondary()).ifPresent(endpoints::add);
        return endpoints;
    }

    @Override
    public MessageChannel channel() {
        return MessageChannel.WHATSAPP;
    }

    @Override
    String address(String phone) {
        return "whatsapp:" + phone;
    }

    @Override
    Map<String, String> content(RenderedMessage message) {
        RenderedMessage.WhatsApp whatsApp = (RenderedMessage.WhatsApp) message;
        Map<String, String> fields = new LinkedHashMap<>();
        if (whatsApp.contentSid() != null) {
            fields.put("ContentSid", whatsApp.contentSid());
            if (!whatsApp.contentVariables().isEmpty()) {
                fields.put("ContentVariables", json(whatsApp.contentVariables()));
            }
        } else {
            fields.put("Body", whatsApp.text());
        }
        return fields;
    }

    @Override
    SendOutcome explained(String provider, String errorCode, SendOutcome classified) {
        if (OUTSIDE_SESSION_WINDOW.equals(errorCode)) {
            return new SendOutcome.Permanent(provider, "code " + errorCode + ": outside the WhatsApp 24-hour "
                    + "session window; use a template with contentSid");
        }
        return classified;
    }

    private static String json(Map<String, String> variables) {
        try {
            return JSON.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("variables are strings", e);
        }
    }
}
