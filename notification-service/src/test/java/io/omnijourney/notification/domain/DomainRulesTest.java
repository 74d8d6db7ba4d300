package io.omnijourney.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.notification.MessageCategory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainRulesTest {

    @Test
    void smsSegmentsCountGsmSeptetsAndUcs2Units() {
        assertThat(SmsSegments.of("Hello")).isEqualTo(new SmsSegments("GSM-7", 5, 1));
        assertThat(SmsSegments.of("a".repeat(160)).segments()).isEqualTo(1);
        assertThat(SmsSegments.of("a".repeat(161)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("€".repeat(80))).isEqualTo(new SmsSegments("GSM-7", 160, 1));
        assertThat(SmsSegments.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a".repeat(307)).segments()).isEqualTo(3);
        assertThat(SmsSegments.of("Olá 😀")).isEqualTo(new SmsSegments("UCS-2", 6, 1));
        assertThat(SmsSegments.of("ç".repeat(71))).isEqualTo(new SmsSegments("UCS-2", 71, 2));
    }

    @Test
    void consentPolicy() {
        MessageCategory mkt = MessageCategory.MARKETING;
        MessageCategory tx = MessageCategory.TRANSACTIONAL;
        assertThat(ConsentPolicy.suppression(mkt, MessageChannel.EMAIL, Optional.of("subscribed"), false)).isEmpty();
        assertThat(ConsentPolicy.suppression(mkt, MessageChannel.EMAIL, Optional.empty(), false).orElseThrow())
                .startsWith("no-consent");
        assertThat(ConsentPolicy.suppression(mkt, MessageChannel.SMS, Optional.of("unsubscribed"), false)
                .orElseThrow()).startsWith("unsubscribed");
        assertThat(ConsentPolicy.suppression(tx, MessageChannel.SMS, Optional.of("unsubscribed"), false)).isEmpty();
        assertThat(ConsentPolicy.suppression(tx, MessageChannel.EMAIL, Optional.of("bounced"), false).orElseThrow())
                .startsWith("bounced");
        assertThat(ConsentPolicy.suppression(tx, MessageChannel.EMAIL, Optional.of("subscribed"), true)
                .orElseThrow()).startsWith("erased");
        assertThat(ConsentPolicy.suppression(mkt, MessageChannel.INBOX, Optional.empty(), false)).isEmpty();
    }

    @Test
    void whatsAppMarketingNeedsAnExplicitOptInAndAnOptOutStopsTransactionalToo() {
        MessageCategory mkt = MessageCategory.MARKETING;
        MessageCategory tx = MessageCategory.TRANSACTIONAL;
        assertThat(ConsentPolicy.suppression(mkt, MessageChannel.WHATSAPP, Optional.empty(), false).orElseThrow())
                .isEqualTo("no-consent: no marketing consent on whatsapp");
        assertThat(ConsentPolicy.suppression(mkt, MessageChannel.WHATSAPP, Optional.of("unsubscribed"), false)
                .orElseThrow()).startsWith("unsubscribed");
        assertThat(ConsentPolicy.suppression(mkt, MessageChannel.WHATSAPP, Optional.of("subscribed"), false))
                .isEmpty();
        assertThat(ConsentPolicy.suppression(tx, MessageChannel.WHATSAPP, Optional.empty(), false)).isEmpty();
        assertThat(ConsentPolicy.suppression(tx, MessageChannel.WHATSAPP, Optional.of("subscribed"), false)).isEmpty();
        assertThat(ConsentPolicy.suppression(tx, MessageChannel.WHATSAPP, Optional.of("unsubscribed"), false)
                .orElseThrow()).isEqualTo("unsubscribed: unsubscribed on whatsapp");
        assertThat(ConsentPolicy.suppression(tx, MessageChannel.SMS, Optional.of("unsubscribed"), false))
                .as("SMS transactional is unchanged").isEmpty();
        assertThat(MessageChannel.of(io.omnijourney.contract.touchpoint.Channel.WHATSAPP))
                .contains(MessageChannel.WHATSAPP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "169.254.169.254", "169.254.1.1", "10.0.0.1",
            "172.16.5.4", "192.168.1.1", "0.0.0.0", "::", "fd00::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1",
            "::ffff:10.0.0.1", "100.64.0.1", "224.0.0.1", "fd00:ec2::254"})
    void dangerousAddressesAreRefused(String address) throws Exception {
        assertThat(new AddressGuard(List.of()).refusal(InetAddress.getByName(address), 443)).isPresent();
    }

    @Test
    void nameResolvingToLoopbackIsRefusedAndPublicAddressesPass() throws Exception {
        AddressGuard guard = new AddressGuard(List.of());
        for (InetAddress a : InetAddress.getAllByName("localhost")) {
            assertThat(guard.refusal(a, 443)).isPresent();
        }
        assertThat(guard.refusal(InetAddress.getByName("93.184.216.34"), 443)).isEmpty();
        assertThat(guard.refusal(InetAddress.getByName("2606:2800:220:1::1"), 443)).isEmpty();
    }

    @Test
    void allowListPermitsExactlyWhatItNames() throws Exception {
        AddressGuard guard = new AddressGuard(List.of("127.0.0.1:8089", "10.1.0.0/16", "[::1]:9000"));
        assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"), 8089)).isEmpty();
        assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"), 8090)).isPresent();
        assertThat(guard.refusal(InetAddress.getByName("10.1.200.3"), 443)).isEmpty();
        assertThat(guard.refusal(InetAddress.getByName("10.2.0.1"), 1)).isPresent();
        assertThat(guard.refusal(InetAddress.getByName("::1"), 9000)).isEmpty();
        assertThat(guard.refusal(InetAddress.getByName("169.254.169.254"), 80)).isPresent();
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCapAndHonourRetryAfter() {
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(5));
        SendOutcome.Transient plain = new SendOutcome.Transient("p", "500", Optional.empty());
        assertThat(policy.delayBefore(2, plain)).contains(Duration.ofMillis(100));
        assertThat(policy.delayBefore(3, plain)).contains(Duration.ofMillis(200));
        assertThat(policy.delayBefore(4, plain)).contains(Duration.ofMillis(300));
        assertThat(policy.delayBefore(5, plain)).isEmpty();
        assertThat(policy.delayBefore(2, new SendOutcome.Transient("p", "429", Optional.of(Duration.ofSeconds(2)))))
                .contains(Duration.ofSeconds(2));
        assertThat(policy.delayBefore(2, new SendOutcome.Transient("p", "429", Optional.of(Duration.ofSeconds(60)))))
                .isEmpty();
    }

    @Test
    void tokensVerifyOnlyWhenUntouched() {
        String token = Signatures.token("k", "req-1:0");
        assertThat(Signatures.verifyToken("k", token)).contains("req-1:0");
        assertThat(Signatures.verifyToken("other", token)).isEmpty();
        String forged = Signatures.token("k", "req-1:1").split("\\.")[0] + "." + token.split("\\.")[1];
        assertThat(Signatures.verifyToken("k", forged)).isEmpty();
        assertThat(Signatures.verifyToken("k", "garbage")).isEmpty();
        assertThat(Signatures.verifyToken("k", "a.b.c")).isEmpty();
    }

    @Test
    void linksAreRewrittenAndTheirOriginalsKept() {
        TrackedLinks.Rewritten r = TrackedLinks.rewrite(
                "<a href=\"https://shop.example/p?a=1&amp;b=2\">x</a> <a href='http://x.example'>y</a> "
                        + "<a href=\"mailto:a@b.c\">m</a>", i -> "https://t/" + i);
        assertThat(r.originalUrls()).containsExactly("https://shop.example/p?a=1&b=2", "http://x.example");
        assertThat(r.html()).contains("href=\"https://t/0\"", "href='https://t/1'", "mailto:a@b.c");
    }

    @Test
    void templateLocaleFallsBackToLanguageThenDefault() {
        TemplateContent en = new TemplateContent.Sms("en");
        TemplateContent pt = new TemplateContent.Sms("pt");
        TemplateContent ptBr = new TemplateContent.Sms("pt-BR");
        Template t = new Template("t", MessageChannel.SMS, "en", Map.of("en", en, "pt", pt, "pt-BR", ptBr),
                Instant.EPOCH);
        assertThat(t.resolve("pt-BR").content()).isEqualTo(ptBr);
        assertThat(t.resolve("pt_PT").content()).isEqualTo(pt);
        assertThat(t.resolve("de-DE").content()).isEqualTo(en);
        assertThat(t.resolve(null).locale()).isEqualTo("en");
    }

    @Test
    void webhookSignatureIsHmacOfTimestampDotBody() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("s".getBytes(), "HmacSHA256"));
        String expected = "v1=" + java.util.HexFormat.of().formatHex(mac.doFinal("17.{}".getBytes()));
        assertThat(Signatures.webhookSignature("s", 17, "{}".getBytes())).isEqualTo(expected);
    }
}
