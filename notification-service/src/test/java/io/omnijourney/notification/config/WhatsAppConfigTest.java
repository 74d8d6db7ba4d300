package io.omnijourney.notification.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own properties leave WhatsApp unconfigured (optional); configured, it reads like SMS. */
class WhatsAppConfigTest {

    @Test
    void theDevProfileHasNoWhatsAppProviderAndStillMapsItsConfiguration() throws Exception {
        NotificationConfig config = mapping(Map.of());

        assertThat(config.whatsapp().primary()).isEmpty();
        assertThat(config.whatsapp().secondary()).isEmpty();
        assertThat(config.sms().primary().name()).isEqualTo("twilio");
    }

    @Test
    void aConfiguredWhatsAppSenderIsReadLikeAnSmsOne() throws Exception {
        NotificationConfig config = mapping(Map.of(
                "omnijourney.notification.whatsapp.primary.name", "twilio-whatsapp",
                "omnijourney.notification.whatsapp.primary.base-url", "https://api.example",
                "omnijourney.notification.whatsapp.primary.account", "AC1",
                "omnijourney.notification.whatsapp.primary.secret", "a-token-of-some-length",
                "omnijourney.notification.whatsapp.primary.from", "+14155238886"));

        NotificationConfig.Endpoint primary = config.whatsapp().primary().orElseThrow();
        assertThat(primary.name()).isEqualTo("twilio-whatsapp");
        assertThat(primary.from()).contains("+14155238886");
        assertThat(primary.statusCallbackUrl()).isEmpty();
    }

    @Test
    void aConfiguredWhatsAppSenderWithoutItsSecretDoesNotStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mapping(Map.of(
                "omnijourney.notification.whatsapp.primary.name", "twilio-whatsapp",
                "omnijourney.notification.whatsapp.primary.base-url", "https://api.example",
                "omnijourney.notification.whatsapp.primary.account", "AC1")))
                .hasMessageContaining("omnijourney.notification.whatsapp.primary.secret");
    }

    private static NotificationConfig mapping(Map<String, String> extra) throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile("dev")
                .withSources(new PropertiesConfigSource(
                        WhatsAppConfigTest.class.getClassLoader().getResource("application.properties"), 100))
                .withSources(new PropertiesConfigSource(extra, "test", 200))
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(NotificationConfig.class).build();
        return config.getConfigMapping(NotificationConfig.class);
    }
}
