package io.omnijourney.notification.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.notification.domain.TemplateContent;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Templates round-trip through the wire-protocol MongoDB with every part of their channel. */
class MongoTemplateStoreTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aWhatsAppTemplateRoundTripsWithItsContentSidAndVariablesInOrder() {
        MongoTemplateStore store = new MongoTemplateStore(MongoTestClient.database("notification-templates-"
                + UUID.randomUUID().toString().substring(0, 8)));
        Template template = new Template("order-update", MessageChannel.WHATSAPP, "en", Map.of(
                "en", new TemplateContent.WhatsApp("Order {event.properties.order_id}",
                        "HX0123456789abcdef0123456789abcdef",
                        Map.of("10", "{vars.ten}", "2", "{event.properties.order_id}", "1", "{profile.firstName}")),
                "pt", new TemplateContent.WhatsApp("Encomenda {event.properties.order_id}", null, Map.of())),
                AT, true);

        store.save(template);
        Template read = store.find("order-update", MessageChannel.WHATSAPP).orElseThrow();

        assertThat(read).isEqualTo(template);
        assertThat(((TemplateContent.WhatsApp) read.locales().get("en")).variables().keySet())
                .containsExactly("1", "2", "10");
        assertThat(((TemplateContent.WhatsApp) read.locales().get("pt")).contentSid()).isNull();
        assertThat(store.find("order-update", MessageChannel.SMS)).isEmpty();
    }
}
