package io.omnijourney.notification.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reserves the ports of the SMTP server (GreenMail) and the HTTP provider stub (WireMock) and points the service at
 * them. The tests start the servers themselves on these ports ({@link Providers}): the servers' objects then live in
 * the tests' class loader, where the assertions need them. The ports travel as system properties, which every class
 * loader sees.
 */
public class ProvidersTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String SMTP_PORT = "omnijourney.test.smtp-port";
    public static final String HTTP_PORT = "omnijourney.test.http-port";

    @Override
    public Map<String, String> start() {
        int smtp = reserve(SMTP_PORT);
        int http = reserve(HTTP_PORT);
        String base = "http://127.0.0.1:" + http;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", String.valueOf(smtp));
        config.put("omnijourney.notification.sms.primary.name", "twilio");
        config.put("omnijourney.notification.sms.primary.base-url", base + "/twilio");
        config.put("omnijourney.notification.sms.primary.account", "AC-test");
        config.put("omnijourney.notification.sms.primary.secret", "twilio-token");
        config.put("omnijourney.notification.sms.primary.from", "+15005550006");
        config.put("omnijourney.notification.sms.primary.status-callback-url",
                "https://ingest.example/v1/webhooks/twilio/src_sms/status");
        config.put("omnijourney.notification.sms.secondary.name", "backup-sms");
        config.put("omnijourney.notification.sms.secondary.base-url", base + "/backup");
        config.put("omnijourney.notification.sms.secondary.account", "AC-backup");
        config.put("omnijourney.notification.sms.secondary.secret", "backup-token");
        config.put("omnijourney.notification.sms.secondary.from", "+15005550007");
        config.put("omnijourney.notification.whatsapp.primary.name", "twilio-whatsapp");
        config.put("omnijourney.notification.whatsapp.primary.base-url", base + "/twilio");
        config.put("omnijourney.notification.whatsapp.primary.account", "AC-whatsapp");
        config.put("omnijourney.notification.whatsapp.primary.secret", "whatsapp-token");
        config.put("omnijourney.notification.whatsapp.primary.from", "+14155238886");
        config.put("omnijourney.notification.whatsapp.primary.status-callback-url",
                "https://ingest.example/v1/webhooks/twilio/src_sms/status");
        config.put("omnijourney.notification.push.primary.name", "fcm");
        config.put("omnijourney.notification.push.primary.base-url", base + "/fcm");
        config.put("omnijourney.notification.push.primary.account", "omnijourney-test");
        config.put("omnijourney.notification.push.primary.secret", "fcm-access-token");
        // Only the stub itself, on its port: every other loopback or private target stays refused.
        config.put("omnijourney.notification.webhook.allow-list", "127.0.0.1:" + http);
        return config;
    }

    @Override
    public void stop() {
    }

    private static synchronized int reserve(String property) {
        String held = System.getProperty(property);
        if (held != null) {
            return Integer.parseInt(held);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            System.setProperty(property, String.valueOf(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
