package io.omnijourney.notification.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.notification.app.ChannelSender;
import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.SendOutcome;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** WhatsApp is optional: without a configured provider every send fails for good, naming why, and calls nothing. */
class TwilioWhatsAppSenderTest {

    @Test
    void withoutAConfiguredProviderEverySendFailsForGood() {
        TwilioWhatsAppSender sender = new TwilioWhatsAppSender(null, configWithoutWhatsApp());

        SendOutcome outcome = sender.send(new ChannelSender.Delivery("req-1", "p-1", "transactional", "+351912345678",
                new RenderedMessage.WhatsApp("Hello", null, Map.of())), 0);

        assertThat(sender.channel()).isEqualTo(MessageChannel.WHATSAPP);
        assertThat(sender.providers()).containsExactly("none");
        assertThat(outcome).isEqualTo(new SendOutcome.Permanent("none", "no whatsapp provider configured"));
    }

    @Test
    void theSessionWindowRefusalIsPermanentAndSaysWhatToDo() {
        TwilioWhatsAppSender sender = new TwilioWhatsAppSender(null, configWithoutWhatsApp());
        SendOutcome classified = new SendOutcome.Permanent("twilio", "HTTP 400 code 63016");

        assertThat(sender.explained("twilio", "63016", classified)).isEqualTo(new SendOutcome.Permanent("twilio",
                "code 63016: outside the WhatsApp 24-hour session window; use a template with contentSid"));
        assertThat(sender.explained("twilio", "21211", classified)).isSameAs(classified);
    }

    @Test
    void anApprovedTemplateReplacesTheBody() {
        TwilioWhatsAppSender sender = new TwilioWhatsAppSender(null, configWithoutWhatsApp());

        assertThat(sender.content(new RenderedMessage.WhatsApp("Hi", "HX1", Map.of("10", "j", "2", "b", "1", "a"))))
                .containsExactly(Map.entry("ContentSid", "HX1"),
                        Map.entry("ContentVariables", "{\"1\":\"a\",\"2\":\"b\",\"10\":\"j\"}"));
        assertThat(sender.content(new RenderedMessage.WhatsApp("Hi", null, Map.of())))
                .containsExactly(Map.entry("Body", "Hi"));
        assertThat(sender.address("+351912345678")).isEqualTo("whatsapp:+351912345678");
    }

    /** A configuration whose {@code whatsapp} group has no endpoint (nothing else is read). */
    private static NotificationConfig configWithoutWhatsApp() {
        NotificationConfig.WhatsApp none = (NotificationConfig.WhatsApp) Proxy.newProxyInstance(
                NotificationConfig.class.getClassLoader(), new Class<?>[] {NotificationConfig.WhatsApp.class},
                (proxy, method, args) -> Optional.empty());
        return (NotificationConfig) Proxy.newProxyInstance(NotificationConfig.class.getClassLoader(),
                new Class<?>[] {NotificationConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("whatsapp")) {
                        return none;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
