package io.omnijourney.notification.adapter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.omnijourney.notification.support.Requests.ANALYST_KEY;
import static io.omnijourney.notification.support.Requests.request;
import static io.omnijourney.notification.support.Requests.template;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.cloudevents.CloudEventHeaders;
import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.notification.support.LiveServiceTest;
import io.omnijourney.notification.support.ProvidersTestResource;
import io.omnijourney.notification.support.Requests;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Requests from Kafka to real SMTP (GreenMail) and HTTP providers (WireMock), with the ledger and the loop back. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.NOTIFICATION_REQUESTS + ":3," + Topics.NOTIFICATION_REQUESTS_DLQ + ":1," + Topics.TOUCHPOINTS
                + ":3," + Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1," + Topics.ERASURE_ACKS
                + ":3"))
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(ProvidersTestResource.class)
class DeliveryTest extends LiveServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonPath awaitFinal(String requestId) {
        return await().atMost(WAIT).until(() -> given().header("X-API-Key", ANALYST_KEY)
                .get("/notifications/{id}", requestId).then().extract().jsonPath(),
                j -> j.getString("state") != null && !"queued".equals(j.getString("state")));
    }

    private static List<TouchpointEvent> outcomes(TopicProbe probe, String prefix, int atLeast) {
        return await().atMost(WAIT).until(() -> probe.records().stream()
                .map(r -> TouchpointCodec.decode(r.value())).filter(e -> e.messageId().startsWith(prefix)).toList(),
                list -> list.size() >= atLeast);
    }

    private static List<MimeMessage> mailTo(String address) {
        return java.util.Arrays.stream(providers.smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(address);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    @Test
    void personalizedEmailIsSentOnceForADuplicateRequestAndItsLinksAreTracked() throws Exception {
        String id = "welcome-" + run();
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of(
                "en", Map.of("subject", "Welcome {profile.firstName}",
                        "html", "<p>Hi {profile.firstName}, use {vars.coupon}.</p>"
                                + "<a href=\"https://shop.example/p?sku={event.properties.sku}&amp;x=1\">Shop</a>",
                        "text", "Hi {profile.firstName}, use {vars.coupon}."),
                "pt", Map.of("subject", "Bem-vinda {profile.firstName}", "text", "Olá {profile.firstName}"))));
        String email = "ana." + run() + "@example.com";
        Requests r = request(id).marketing().channels(Channel.EMAIL).identifier("email", email)
                .identifier("userId", "user-" + run()).trait("firstName", "Ana <b>{7*7}</b>")
                .consent("email", "subscribed").variables(Map.of("coupon", "WELCOME10"))
                .trigger("Signed Up", Map.of("sku", "trail-42"));
        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            r.produce(kafka);
            r.produce(kafka);
            // Each handling publishes the outcome (same messageId): two means both deliveries were handled.
            List<TouchpointEvent> sent = outcomes(touchpoints, "notification:" + r.requestId(), 2);
            assertThat(sent).extracting(TouchpointEvent::messageId).containsOnly("notification:" + r.requestId()
                    + ":sent");
            TouchpointEvent event = sent.get(0);
            assertThat(event.event()).isEqualTo("Notification Sent");
            assertThat(event.channel()).isEqualTo(Channel.EMAIL);
            assertThat(event.userId()).isEqualTo(r.snapshot().identifiers().get("userId").get(0));
            assertThat(event.properties()).containsEntry("requestId", r.requestId())
                    .containsEntry("templateId", id).containsEntry("provider", "smtp");

            JsonPath ledger = awaitFinal(r.requestId());
            assertThat(ledger.getString("state")).isEqualTo("sent");
            assertThat(ledger.getInt("attempts")).isEqualTo(1);

            List<MimeMessage> mails = mailTo(email);
            assertThat(mails).hasSize(1);
            MimeMessage mail = mails.get(0);
            assertThat(mail.getSubject()).isEqualTo("Welcome Ana <b>{7*7}</b>");
            assertThat(mail.getFrom()[0].toString()).contains("no-reply@omnijourney.local");
            assertThat(mail.getHeader("List-Unsubscribe")[0]).contains("/t/u/");
            assertThat(mail.getHeader("Message-ID")[0]).isEqualTo(ledger.getString("providerMessageId"));
            String html = part(mail, "text/html");
            String text = part(mail, "text/plain");
            assertThat(html).contains("Hi Ana &lt;b&gt;{7*7}&lt;/b&gt;, use WELCOME10.")
                    .doesNotContain("shop.example");
            assertThat(text).contains("Hi Ana <b>{7*7}</b>, use WELCOME10.");

            Matcher link = Pattern.compile("href=\"http://localhost:8084(/t/c/[^\"]+)\"").matcher(html);
            assertThat(link.find()).isTrue();
            given().redirects().follow(false).get(link.group(1)).then().statusCode(302)
                    .header("Location", "https://shop.example/p?sku=trail-42&x=1");
            TouchpointEvent clicked = outcomes(touchpoints, "click:", 1).get(0);
            assertThat(clicked.event()).isEqualTo("Email Clicked");
            assertThat(clicked.channel()).isEqualTo(Channel.EMAIL);
            assertThat(clicked.properties()).containsEntry("url", "https://shop.example/p?sku=trail-42&x=1");
            // What a journey's statistics count the click on: the request, journey and step.
            assertThat(clicked.properties()).containsEntry("requestId", r.requestId())
                    .containsEntry("journeyId", "journey-1").containsEntry("stepId", "step-1");
            // Clicked again (a reader, or a mail scanner): redirected again, published under the same id.
            given().redirects().follow(false).get(link.group(1)).then().statusCode(302)
                    .header("Location", "https://shop.example/p?sku=trail-42&x=1");
            List<TouchpointEvent> clicks = outcomes(touchpoints, "click:" + r.requestId() + ":0:", 2);
            assertThat(clicks).extracting(TouchpointEvent::messageId).containsOnly(clicked.messageId());

            given().redirects().follow(false).get(tampered(link.group(1))).then().statusCode(404);
        }
    }

    @Test
    void oneClickUnsubscribeStopsTheNextMarketingEmailAndIsPublished() throws Exception {
        String id = "digest-" + run();
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject", "Digest",
                "text", "This week"))));
        String email = "lia." + run() + "@example.com";
        Requests first = request(id).marketing().channels(Channel.EMAIL).identifier("email", email)
                .consent("email", "subscribed");
        first.produce(kafka);
        assertThat(awaitFinal(first.requestId()).getString("state")).isEqualTo("sent");
        String header = mailTo(email).get(0).getHeader("List-Unsubscribe")[0];
        Matcher link = Pattern.compile("<http://localhost:8084(/t/u/[^>]+)>").matcher(header);
        assertThat(link.find()).isTrue();
        assertThat(mailTo(email).get(0).getHeader("List-Unsubscribe-Post")[0])
                .isEqualTo("List-Unsubscribe=One-Click");
        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            given().get(link.group(1)).then().statusCode(200).body(org.hamcrest.Matchers.containsString("<form"));
            given().post(link.group(1) + "x").then().statusCode(404);
            given().post(link.group(1)).then().statusCode(200);
            TouchpointEvent unsubscribed = outcomes(touchpoints, "unsubscribe:" + first.requestId(), 1).get(0);
            assertThat(unsubscribed.event()).isEqualTo("Unsubscribed");
            assertThat(unsubscribed.channel()).isEqualTo(Channel.EMAIL);
            assertThat(unsubscribed.context()).containsKey("traits");
            assertThat(unsubscribed.properties()).containsEntry("requestId", first.requestId())
                    .containsEntry("journeyId", "journey-1").containsEntry("stepId", "step-1")
                    .containsEntry("channel", "email");
        }
        Requests second = request(id).profileId(first.profileId()).marketing().channels(Channel.EMAIL)
                .identifier("email", email).consent("email", "subscribed");
        second.produce(kafka);
        JsonPath ledger = awaitFinal(second.requestId());
        assertThat(ledger.getString("state")).isEqualTo("suppressed");
        assertThat(ledger.getString("reason")).contains("unsubscribed");
        assertThat(mailTo(email)).hasSize(1);
    }

    @Test
    void localeVariantIsChosenAndTransactionalMailHasNoUnsubscribeHeader() throws Exception {
        String id = "shipped-" + run();
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of(
                "en", Map.of("subject", "Shipped", "text", "Order {event.properties.order_id} shipped"),
                "pt", Map.of("subject", "Enviada", "text", "Encomenda {event.properties.order_id} enviada"))));
        String email = "rui." + run() + "@example.com";
        Requests r = request(id).channels(Channel.EMAIL).identifier("email", email).locale("pt-PT")
                .consent("email", "unsubscribed").trigger("Order Shipped", Map.of("order_id", "o-7"));
        r.produce(kafka);
        assertThat(awaitFinal(r.requestId()).getString("state")).isEqualTo("sent");
        MimeMessage mail = mailTo(email).get(0);
        assertThat(mail.getSubject()).isEqualTo("Enviada");
        assertThat(String.valueOf(mail.getContent())).contains("Encomenda o-7 enviada");
        assertThat(mail.getHeader("List-Unsubscribe")).isNull();
    }

    @Test
    void smsAndPushProvidersSeeTheRightRequestsAndA500IsRetried() throws Exception {
        String run = run();
        String phone = "+3519" + (10_000_000 + Math.abs(run.hashCode() % 89_999_999));
        String token = "device-token-" + run;
        providers.http.stubFor(post(urlPathEqualTo("/twilio/2010-04-01/Accounts/AC-test/Messages.json"))
                .withRequestBody(containing("To=" + java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM" + run + "\",\"status\":\"queued\"}")));
        String scenario = "push-" + run;
        providers.http.stubFor(post(urlPathEqualTo("/fcm/v1/projects/omnijourney-test/messages:send"))
                .withRequestBody(containing(token)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        providers.http.stubFor(post(urlPathEqualTo("/fcm/v1/projects/omnijourney-test/messages:send"))
                .withRequestBody(containing(token)).inScenario(scenario).whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"name\":\"projects/omnijourney-test/messages/" + run + "\"}")));

        String id = "order-" + run;
        template(id, "sms", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text",
                "Hi {profile.firstName}, order {event.properties.order_id} shipped"))));
        template(id, "push", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("title",
                "Order {event.properties.order_id}", "body", "On its way, {profile.firstName}",
                "deepLink", "shop://orders/{event.properties.order_id}"))));
        Requests sms = request(id).channels(Channel.SMS).identifier("phone", phone).trait("firstName", "Ana")
                .trigger("Order Shipped", Map.of("order_id", "o-1"));
        Requests push = request(id).channels(Channel.PUSH).identifier("pushToken", token).trait("firstName", "Ana")
                .trigger("Order Shipped", Map.of("order_id", "o-2"));
        sms.produce(kafka);
        push.produce(kafka);

        JsonPath smsLedger = awaitFinal(sms.requestId());
        assertThat(smsLedger.getString("state")).isEqualTo("sent");
        assertThat(smsLedger.getString("provider")).isEqualTo("twilio");
        assertThat(smsLedger.getString("providerMessageId")).isEqualTo("SM" + run);
        List<LoggedRequest> smsCalls = providers.http.findAll(postRequestedFor(urlPathEqualTo(
                "/twilio/2010-04-01/Accounts/AC-test/Messages.json")).withRequestBody(containing(
                        java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8))));
        assertThat(smsCalls).hasSize(1);
        LoggedRequest call = smsCalls.get(0);
        assertThat(call.getHeader("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("AC-test:twilio-token".getBytes(StandardCharsets.UTF_8)));
        assertThat(call.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(call.getBodyAsString()).contains("From=%2B15005550006",
                "Body=" + java.net.URLEncoder.encode("Hi Ana, order o-1 shipped", StandardCharsets.UTF_8),
                "StatusCallback=" + java.net.URLEncoder.encode("https://ingest.example/v1/webhooks/twilio/src_sms/status"
                        + "?requestId=" + java.net.URLEncoder.encode(sms.requestId(), StandardCharsets.UTF_8)
                        + "&journeyId=journey-1&stepId=step-1", StandardCharsets.UTF_8));

        JsonPath pushLedger = awaitFinal(push.requestId());
        assertThat(pushLedger.getString("state")).isEqualTo("sent");
        assertThat(pushLedger.getInt("attempts")).isEqualTo(2);
        assertThat(pushLedger.getString("providerMessageId")).isEqualTo("projects/omnijourney-test/messages/" + run);
        List<LoggedRequest> pushCalls = providers.http.findAll(postRequestedFor(urlPathEqualTo(
                "/fcm/v1/projects/omnijourney-test/messages:send")).withRequestBody(containing(token)));
        assertThat(pushCalls).hasSize(2);
        assertThat(pushCalls.get(1).getHeader("Authorization")).isEqualTo("Bearer fcm-access-token");
        JsonNode message = JSON.readTree(pushCalls.get(1).getBodyAsString()).get("message");
        assertThat(message.get("token").asText()).isEqualTo(token);
        assertThat(message.at("/notification/title").asText()).isEqualTo("Order o-2");
        assertThat(message.at("/notification/body").asText()).isEqualTo("On its way, Ana");
        assertThat(message.at("/data/deepLink").asText()).isEqualTo("shop://orders/o-2");

        // The app reports the open to data.openUrl.
        String openUrl = message.at("/data/openUrl").asText();
        assertThat(openUrl).startsWith("http://localhost:8084/t/p/");
        String openPath = openUrl.substring("http://localhost:8084".length());
        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            given().post(openPath).then().statusCode(204);
            given().post(openPath).then().statusCode(204);
            List<TouchpointEvent> opens = await().atMost(WAIT).until(() -> touchpoints.records().stream()
                    .map(rec -> TouchpointCodec.decode(rec.value())).filter(e -> "Push Opened".equals(e.event()))
                    .filter(e -> push.requestId().equals(e.properties().get("requestId"))).toList(),
                    l -> l.size() >= 2);
            assertThat(opens).extracting(TouchpointEvent::messageId).containsOnly("push-open:" + push.requestId());
            assertThat(opens.get(0).channel()).isEqualTo(Channel.PUSH);
        }
        given().post(tampered(openPath)).then().statusCode(404);
    }

    @Test
    void rateLimitedPushWaitsAtLeastTheProvidersRetryAfter() {
        String run = run();
        String token = "rl-token-" + run;
        String scenario = "rate-" + run;
        String path = "/fcm/v1/projects/omnijourney-test/messages:send";
        providers.http.stubFor(post(urlPathEqualTo(path)).withRequestBody(containing(token)).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(429)
                        .withHeader("Retry-After", "1")).willSetStateTo("open"));
        providers.http.stubFor(post(urlPathEqualTo(path)).withRequestBody(containing(token)).inScenario(scenario)
                .whenScenarioStateIs("open").willReturn(aResponse().withStatus(200)
                        .withBody("{\"name\":\"projects/omnijourney-test/messages/rl\"}")));
        String id = "rl-" + run;
        template(id, "push", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("title", "T",
                "body", "B"))));
        Requests r = request(id).channels(Channel.PUSH).identifier("pushToken", token);
        r.produce(kafka);
        JsonPath ledger = awaitFinal(r.requestId());
        assertThat(ledger.getString("state")).isEqualTo("sent");
        assertThat(ledger.getInt("attempts")).isEqualTo(2);
        List<LoggedRequest> calls = providers.http.findAll(postRequestedFor(urlPathEqualTo(path))
                .withRequestBody(containing(token)));
        assertThat(calls).hasSize(2);
        // The configured backoff here is at most 200 ms: only the Retry-After explains a second's wait.
        assertThat(Duration.between(calls.get(0).getLoggedDate().toInstant(), calls.get(1).getLoggedDate()
                .toInstant())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void permanent400FailsWithoutRetryToTheDeadLetterTopic() {
        String run = run();
        String phone = "+1555" + (1_000_000 + Math.abs(run.hashCode() % 8_999_999));
        providers.http.stubFor(post(urlPathEqualTo("/twilio/2010-04-01/Accounts/AC-test/Messages.json"))
                .withRequestBody(containing(java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                        "{\"code\":21211,\"message\":\"The 'To' number " + phone + " is not a valid phone number.\"}")));
        String id = "invalid-" + run;
        template(id, "sms", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "Hello"))));
        String trait = "Dora-" + run;
        Requests r = request(id).channels(Channel.SMS).identifier("phone", phone).trait("firstName", trait);
        try (TopicProbe dlq = kafka.probe(Topics.NOTIFICATION_REQUESTS_DLQ);
                TopicProbe requests = kafka.probe(Topics.NOTIFICATION_REQUESTS);
                TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            r.produce(kafka);
            JsonPath ledger = awaitFinal(r.requestId());
            assertThat(ledger.getString("state")).isEqualTo("failed");
            assertThat(ledger.getInt("attempts")).isEqualTo(1);
            assertThat(ledger.getString("reason")).contains("permanent", "HTTP 400", "code 21211")
                    .doesNotContain(phone);
            ConsumerRecord<String, byte[]> dead = await().atMost(WAIT).until(() -> dlq.records().stream()
                    .filter(rec -> r.requestId().equals(TopicProbe.header(rec, CloudEventHeaders.ID))).findFirst(),
                    java.util.Optional::isPresent).get();
            assertThat(TopicProbe.header(dead, "dead-letter-reason")).startsWith("failed: permanent");
            // What the topic and its dead letters keep for days: ids, no phone number, no trait.
            String deadValue = new String(dead.value(), StandardCharsets.UTF_8);
            String requestValue = await().atMost(WAIT).until(() -> requests.records().stream()
                    .filter(rec -> r.profileId().equals(rec.key()))
                    .map(rec -> new String(rec.value(), StandardCharsets.UTF_8)).findFirst(),
                    java.util.Optional::isPresent).get();
            for (String raw : List.of(deadValue, requestValue)) {
                assertThat(raw).contains(r.profileId(), "\"profileVersion\":1").doesNotContain(phone,
                        phone.substring(1), trait, "identifiers", "traits");
            }
            assertThat(outcomes(touchpoints, "notification:" + r.requestId(), 1).get(0).event())
                    .isEqualTo("Notification Failed");
        }
        assertThat(providers.http.findAll(postRequestedFor(urlPathEqualTo(
                "/twilio/2010-04-01/Accounts/AC-test/Messages.json")).withRequestBody(containing(
                        java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8))))).hasSize(1);
    }

    @Test
    void aRequestThatArrivesBeforeItsProfileEventIsHeldThenRenderedWithTheTraitOnceTheEventArrives() throws Exception {
        String run = run();
        String id = "signup-" + run;
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                "subject", "Welcome {profile.firstName}", "text", "Hi {profile.firstName}"))));
        String email = "zoe." + run + "@example.com";
        Requests r = request(id).channels(Channel.EMAIL).identifier("email", email).identifier("userId", "u-" + run)
                .trait("firstName", "Zoe").profileVersion(7);
        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            r.produceRequest(kafka);
            // Claimed, and held: this service has no copy of the profile at version 7 (nor any), so it cannot send.
            await().atMost(WAIT).until(() -> "queued".equals(given().header("X-API-Key", ANALYST_KEY)
                    .get("/notifications/{id}", r.requestId()).then().extract().jsonPath().getString("state")));
            assertThat(mailTo(email)).isEmpty();
            assertThat(touchpoints.records()).noneMatch(rec -> TouchpointCodec.decode(rec.value()).messageId()
                    .startsWith("notification:" + r.requestId()));

            r.produceProfile(kafka);

            JsonPath ledger = awaitFinal(r.requestId());
            assertThat(ledger.getString("state")).isEqualTo("sent");
            List<MimeMessage> mails = mailTo(email);
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).getSubject()).isEqualTo("Welcome Zoe");
            TouchpointEvent outcome = outcomes(touchpoints, "notification:" + r.requestId(), 1).get(0);
            assertThat(outcome.userId()).as("the outcome names the person from the same copy").isEqualTo("u-" + run);
        }
    }

    @Test
    void aRequestOfTheOlderFormatStillInFlightAtTheUpgradeIsRenderedFromWhatItCarries() throws Exception {
        String run = run();
        String id = "legacy-" + run;
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                "subject", "Hello {profile.firstName}", "text", "Hi"))));
        String email = "olga." + run + "@example.com";
        Requests r = request(id).channels(Channel.EMAIL).identifier("email", email).identifier("userId", "u-" + run)
                .trait("firstName", "Olga");
        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            r.produceLegacy(kafka);

            assertThat(awaitFinal(r.requestId()).getString("state")).isEqualTo("sent");
            assertThat(mailTo(email)).singleElement().satisfies(m -> assertThat(m.getSubject())
                    .isEqualTo("Hello Olga"));
            assertThat(outcomes(touchpoints, "notification:" + r.requestId(), 1).get(0).userId())
                    .isEqualTo("u-" + run);
        }
    }

    @Test
    void transientFailureOfThePrimarySmsProviderFailsOverToTheSecondary() {
        String run = run();
        String phone = "+4477" + (10_000_000 + Math.abs(run.hashCode() % 89_999_999));
        String encoded = java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8);
        providers.http.stubFor(post(urlPathEqualTo("/twilio/2010-04-01/Accounts/AC-test/Messages.json"))
                .withRequestBody(containing(encoded)).willReturn(aResponse().withStatus(503)));
        providers.http.stubFor(post(urlPathEqualTo("/backup/2010-04-01/Accounts/AC-backup/Messages.json"))
                .withRequestBody(containing(encoded)).willReturn(aResponse().withStatus(201)
                        .withBody("{\"sid\":\"SMbackup" + run + "\"}")));
        String id = "failover-" + run;
        template(id, "sms", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "Hello"))));
        Requests r = request(id).channels(Channel.SMS).identifier("phone", phone);
        r.produce(kafka);
        JsonPath ledger = awaitFinal(r.requestId());
        assertThat(ledger.getString("state")).isEqualTo("sent");
        assertThat(ledger.getString("provider")).isEqualTo("backup-sms");
        assertThat(ledger.getString("providerMessageId")).isEqualTo("SMbackup" + run);
        assertThat(ledger.getInt("attempts")).isEqualTo(2);
    }

    @Test
    void aProviderTimeoutIsTransient() {
        String run = run();
        String phone = "+4478" + (10_000_000 + Math.abs(run.hashCode() % 89_999_999));
        String encoded = java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8);
        // Longer than the test profile's 3 s provider timeout.
        providers.http.stubFor(post(urlPathEqualTo("/twilio/2010-04-01/Accounts/AC-test/Messages.json"))
                .withRequestBody(containing(encoded)).willReturn(aResponse().withStatus(201).withFixedDelay(4_000)
                        .withBody("{\"sid\":\"SMslow\"}")));
        providers.http.stubFor(post(urlPathEqualTo("/backup/2010-04-01/Accounts/AC-backup/Messages.json"))
                .withRequestBody(containing(encoded)).willReturn(aResponse().withStatus(201)
                        .withBody("{\"sid\":\"SMfast" + run + "\"}")));
        String id = "slow-" + run;
        template(id, "sms", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "Hello"))));
        Requests r = request(id).channels(Channel.SMS).identifier("phone", phone);
        r.produce(kafka);
        JsonPath ledger = awaitFinal(r.requestId());
        assertThat(ledger.getString("state")).isEqualTo("sent");
        assertThat(ledger.getString("provider")).isEqualTo("backup-sms");
        assertThat(ledger.getInt("attempts")).isEqualTo(2);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("omnijourney_notification_outcomes_total"))
                .body(org.hamcrest.Matchers.containsString("omnijourney_notification_handling_seconds"));
    }

    @Test
    void webhookIsSignedSoThatTheReceiverCanVerifyIt() throws Exception {
        String run = run();
        providers.http.stubFor(post(urlPathEqualTo("/hooks/" + run)).willReturn(aResponse().withStatus(204)));
        String id = "hook-" + run;
        template(id, "webhook", Map.of("defaultLocale", "en", "url", "http://127.0.0.1:" + providers.httpPort()
                + "/hooks/" + run, "locales", Map.of("en", Map.of("body",
                        "{\"profile\":\"{profile.id}\",\"name\":\"{profile.firstName}\"}"))));
        Requests r = request(id).channels(Channel.WEBHOOK).trait("firstName", "Ana \"quoted\"");
        r.produce(kafka);
        assertThat(awaitFinal(r.requestId()).getString("state")).isEqualTo("sent");
        LoggedRequest hook = providers.http.findAll(postRequestedFor(urlPathEqualTo("/hooks/" + run))).get(0);
        String timestamp = hook.getHeader("X-OmniJourney-Timestamp");
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(120);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("test-webhook-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(hook.getBody()));
        assertThat(hook.getHeader("X-OmniJourney-Signature")).isEqualTo(expected);
        JsonNode body = JSON.readTree(hook.getBodyAsString());
        assertThat(body.get("profile").asText()).isEqualTo(r.profileId());
        assertThat(body.get("name").asText()).isEqualTo("Ana \"quoted\"");
    }

    @Test
    void webhookTargetsOnInternalAddressesAndRedirectsAreRefused() {
        String run = run();
        int port = providers.httpPort();
        int closedPort = port == 65000 ? 65001 : 65000;
        providers.http.stubFor(post(urlPathEqualTo("/hooks/redirect-" + run)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + port + "/hooks/internal-" + run)));
        providers.http.stubFor(post(urlPathEqualTo("/hooks/internal-" + run)).willReturn(aResponse().withStatus(200)));
        Map<String, String> targets = Map.of(
                "loopback", "http://127.0.0.1:" + closedPort + "/x",
                "v6-loopback", "http://[::1]:" + port + "/x",
                "metadata", "http://169.254.169.254/latest/meta-data/",
                "private", "http://10.0.0.1/x",
                "name-to-loopback", "http://localhost:" + closedPort + "/x",
                "redirect", "http://127.0.0.1:" + port + "/hooks/redirect-" + run);
        Map<String, String> requestIds = new java.util.LinkedHashMap<>();
        targets.forEach((name, url) -> {
            String id = "ssrf-" + name + "-" + run;
            template(id, "webhook", Map.of("defaultLocale", "en", "url", url, "locales",
                    Map.of("en", Map.of("body", "{}"))));
            Requests r = request(id).channels(Channel.WEBHOOK);
            r.produce(kafka);
            requestIds.put(name, r.requestId());
        });
        requestIds.forEach((name, requestId) -> {
            JsonPath ledger = awaitFinal(requestId);
            assertThat(ledger.getString("state")).as(name).isEqualTo("failed");
            assertThat(ledger.getInt("attempts")).as(name).isEqualTo(1);
            assertThat(ledger.getString("reason")).as(name).contains(name.equals("redirect")
                    ? "redirects are not followed" : "refused target address");
        });
        assertThat(providers.http.findAll(postRequestedFor(urlPathEqualTo("/hooks/internal-" + run)))).isEmpty();
    }

    @Test
    void aTemplateLoopingOverAPropertyHandedAHundredMillionFailsTheSendAtOnceAndIsCounted() {
        String run = run();
        String id = "loop-" + run;
        template(id, "sms", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text",
                "Items: {#for i in event.properties.count}x{/for}"))));
        Requests r = request(id).channels(Channel.SMS).identifier("phone", "+351912" + (100_000 + Math.abs(
                run.hashCode() % 899_999))).trigger("Order Completed", Map.of("count", 100_000_000L));
        long start = System.nanoTime();
        r.produce(kafka);
        JsonPath ledger = awaitFinal(r.requestId());
        System.out.printf("a send looping over 100000000 was final (%s) %d ms after it was produced%n",
                ledger.getString("state"), Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(ledger.getString("state")).isEqualTo("failed");
        assertThat(ledger.getString("reason")).startsWith("render: ").contains("lists only")
                .contains("a number (100000000)");
        assertThat(providers.http.findAll(postRequestedFor(urlPathEqualTo(
                "/twilio/2010-04-01/Accounts/AC-test/Messages.json")).withRequestBody(containing("Items")))).isEmpty();
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                "omnijourney_notification_render_refused_total{limit=\"loop-type\""));
    }

    @Test
    void aSubjectGivenALineBreakByTheDataIsNotSent() {
        String run = run();
        String id = "subject-" + run;
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                "subject", "Hello {profile.firstName}", "text", "Hi"))));
        String email = "crlf." + run + "@example.com";
        Requests r = request(id).channels(Channel.EMAIL).identifier("email", email)
                .trait("firstName", "Ana\r\nBcc: everyone@example.com");
        r.produce(kafka);
        JsonPath ledger = awaitFinal(r.requestId());
        assertThat(ledger.getString("state")).isEqualTo("failed");
        assertThat(ledger.getString("reason")).startsWith("render: ").contains("subject contains a line break");
        assertThat(mailTo(email)).isEmpty();
    }

    @Test
    void marketingToAnUnsubscribedProfileIsSuppressedWithItsReason() {
        String run = run();
        String id = "promo-" + run;
        template(id, "sms", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "Sale!"))));
        String phone = "+3519" + (20_000_000 + Math.abs(run.hashCode() % 79_999_999));
        Requests r = request(id).marketing().channels(Channel.SMS).identifier("phone", phone)
                .consent("sms", "unsubscribed");
        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            r.produce(kafka);
            JsonPath ledger = awaitFinal(r.requestId());
            assertThat(ledger.getString("state")).isEqualTo("suppressed");
            assertThat(ledger.getString("reason")).contains("unsubscribed");
            TouchpointEvent event = outcomes(touchpoints, "notification:" + r.requestId(), 1).get(0);
            assertThat(event.event()).isEqualTo("Notification Suppressed");
            assertThat(event.channel()).isEqualTo(Channel.SMS);
            assertThat(event.properties()).containsEntry("state", "suppressed");
        }
        assertThat(providers.http.findAll(postRequestedFor(urlPathEqualTo(
                "/twilio/2010-04-01/Accounts/AC-test/Messages.json")).withRequestBody(containing(
                        java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8))))).isEmpty();
    }

    @Test
    void latestConsentFromProfileEventsOverridesTheRequestsCopy() {
        String run = run();
        String id = "news-" + run;
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject", "News",
                "text", "News"))));
        String email = "eva." + run + "@example.com";
        Requests r = request(id).marketing().channels(Channel.EMAIL).identifier("email", email)
                .consent("email", "subscribed");
        publishProfile(r.profileId(), Map.of("email", new ProfileSnapshot.Consent("unsubscribed",
                Instant.parse("2026-11-20T08:00:00Z"))), Map.of("firstName", "Eva"));
        await().atMost(WAIT).until(() -> given().header("X-API-Key", Requests.MARKETER_KEY)
                .contentType("application/json").body(Map.of("profileId", r.profileId()))
                .post("/templates/{id}/email/preview", id).statusCode() == 200);
        r.produce(kafka);
        JsonPath ledger = awaitFinal(r.requestId());
        assertThat(ledger.getString("state")).isEqualTo("suppressed");
        assertThat(ledger.getString("reason")).contains("unsubscribed");
        assertThat(mailTo(email)).isEmpty();
    }

    @Test
    void erasedProfileGetsNothingAndItsInboxIsPurged() {
        String run = run();
        String id = "inapp-" + run;
        template(id, "inbox", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("title", "Hello",
                "body", "Hi {profile.firstName}", "deepLink", "app://home"))));
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject", "Hello",
                "text", "Hi"))));
        Requests first = request(id).channels(Channel.MOBILE).trait("firstName", "Ana");
        first.produce(kafka);
        assertThat(awaitFinal(first.requestId()).getString("state")).isEqualTo("sent");
        String profileId = first.profileId();
        given().header("X-API-Key", ANALYST_KEY).get("/inbox/{p}", profileId).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.is(1)).body("[0].title", org.hamcrest.Matchers.is("Hello"))
                .body("[0].body", org.hamcrest.Matchers.is("Hi Ana"));
        given().header("X-API-Key", ANALYST_KEY).post("/inbox/{p}/{m}/read", profileId, first.requestId())
                .then().statusCode(403);
        given().header("X-API-Key", Requests.MARKETER_KEY).post("/inbox/{p}/{m}/read", profileId,
                first.requestId()).then().statusCode(403);
        given().header("X-API-Key", Requests.ADMIN_KEY).post("/inbox/{p}/{m}/read", profileId, first.requestId())
                .then().statusCode(204);
        given().header("X-API-Key", ANALYST_KEY).queryParam("unread", true).get("/inbox/{p}", profileId).then()
                .body("size()", org.hamcrest.Matchers.is(0));

        String erasureId = "er-" + run;
        ProfileEvent erased = ProfileEvent.erased(profileId, erasureId, Instant.now());
        try (TopicProbe acks = kafka.probe(Topics.ERASURE_ACKS)) {
            kafka.produce(Topics.PROFILE_EVENTS, profileId, ContractJson.encode(erased),
                    CloudEventHeaders.forProfileEvent(erased));
            await().atMost(WAIT).untilAsserted(() -> given().header("X-API-Key", ANALYST_KEY)
                    .get("/inbox/{p}", profileId).then().body("size()", org.hamcrest.Matchers.is(0)));
            ErasureAck ack = ContractJson.decode(acks.awaitRecords(1, WAIT).get(0).value(), ErasureAck.class);
            assertThat(ack.ackId()).isEqualTo(erasureId + ":" + profileId + ":notification-service");
            assertThat(ack.service()).isEqualTo("notification-service");
            assertThat(acks.records().get(0).key()).isEqualTo(erasureId);
        }

        String email = "gone." + run + "@example.com";
        Requests later = request(id).profileId(profileId).channels(Channel.EMAIL).identifier("email", email);
        later.produce(kafka);
        JsonPath ledger = awaitFinal(later.requestId());
        assertThat(ledger.getString("state")).isEqualTo("suppressed");
        assertThat(ledger.getString("reason")).startsWith("erased");
        assertThat(mailTo(email)).isEmpty();
    }

    @Test
    void aTransactionalClaimWithATemplateNoAdminMarkedIsHandledAsMarketingAndCounted() {
        String run = run();
        String unmarked = "claimed-tx-" + run;
        String marked = "real-tx-" + run;
        Map<String, Object> body = Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                "subject", "Your receipt", "text", "Thanks")));
        Requests.marketerTemplate(unmarked, "email", body);
        template(marked, "email", body);
        String email = "optout." + run + "@example.com";
        Requests claimed = request(unmarked).channels(Channel.EMAIL).identifier("email", email)
                .consent("email", "unsubscribed");
        Requests real = request(marked).channels(Channel.EMAIL).identifier("email", email)
                .consent("email", "unsubscribed");
        claimed.produce(kafka);
        real.produce(kafka);
        JsonPath suppressed = awaitFinal(claimed.requestId());
        assertThat(suppressed.getString("state")).isEqualTo("suppressed");
        assertThat(suppressed.getString("reason")).contains("unsubscribed");
        assertThat(awaitFinal(real.requestId()).getString("state")).isEqualTo("sent");
        assertThat(mailTo(email)).hasSize(1);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher counted = Pattern.compile("omnijourney_notification_transactional_unmarked_total(\\{[^}]*})? "
                + "([0-9.]+)").matcher(metrics);
        assertThat(counted.find()).isTrue();
        assertThat(Double.parseDouble(counted.group(2))).isGreaterThanOrEqualTo(1.0);
    }

    /**
     * The path with its token's signature altered: the first character after the '.' changed (the last one of a
     * base64url MAC carries padding bits a decoder may ignore, so changing it may change nothing).
     */
    private static String tampered(String path) {
        int dot = path.lastIndexOf('.');
        char c = path.charAt(dot + 1);
        return path.substring(0, dot + 1) + (c == 'A' ? 'B' : 'A') + path.substring(dot + 2);
    }

    /** Each line of the stream as read, {@code field:value} with the optional space after the colon removed. */
    private static List<String> follow(java.net.http.HttpResponse<java.util.stream.Stream<String>> response) {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> response.body().forEach(l -> lines.add(l.replaceFirst("^([a-z]+): ", "$1:"))),
                "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    @Test
    void theInboxStreamPassesOnNewMessagesReadingsAndTheUnreadCount() throws Exception {
        String run = run();
        String id = "live-" + run;
        template(id, "inbox", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("title", "Your order",
                "body", "Shipped, {profile.firstName}"))));
        String profileId = "p-live-" + run;
        URI stream = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                + "/inbox/" + profileId + "/stream");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> response = http.send(
                java.net.http.HttpRequest.newBuilder(stream).header("X-API-Key", ANALYST_KEY)
                        .header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        try {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            List<String> lines = follow(response);
            await().atMost(WAIT).until(() -> lines.contains("data:{\"unread\":0}"));

            Requests r = request(id).profileId(profileId).channels(Channel.MOBILE).trait("firstName", "Ana");
            r.produce(kafka);
            await().atMost(WAIT).until(() -> lines.contains("data:{\"unread\":1}"));
            int message = lines.indexOf("event:message");
            assertThat(message).as("a message event before the count").isNotNegative();
            assertThat(lines).as("the event id, for Last-Event-ID").contains("id:" + r.requestId());
            JsonPath sent = JsonPath.from(lines.stream().filter(l -> l.startsWith("data:{\"messageId\"")).findFirst()
                    .orElseThrow().substring("data:".length()));
            assertThat(sent.getString("messageId")).isEqualTo(r.requestId());
            assertThat(sent.getString("body")).isEqualTo("Shipped, Ana");
            assertThat(sent.getString("readAt")).isNull();
            given().header("X-API-Key", ANALYST_KEY).get("/inbox/{p}/unread", profileId).then().statusCode(200)
                    .body("unread", org.hamcrest.Matchers.is(1))
                    .body("profileId", org.hamcrest.Matchers.is(profileId));

            given().header("X-API-Key", Requests.ADMIN_KEY).post("/inbox/{p}/{m}/read", profileId, r.requestId())
                    .then().statusCode(204);
            await().atMost(WAIT).until(() -> lines.contains("event:read")
                    && lines.lastIndexOf("data:{\"unread\":0}") > lines.indexOf("event:read"));
            assertThat(lines.stream().filter("event:message"::equals).count()).as("the message passed on once")
                    .isEqualTo(1);
            given().header("X-API-Key", ANALYST_KEY).get("/inbox/{p}/unread", profileId).then()
                    .body("unread", org.hamcrest.Matchers.is(0));
        } finally {
            response.body().close();
        }
        given().header("X-API-Key", Requests.MARKETER_KEY).get("/inbox/{p}/stream", profileId).then()
                .statusCode(403);
        given().header("X-API-Key", ANALYST_KEY).get("/inbox/{p}/unread", "p".repeat(129)).then().statusCode(400)
                .body("details[0].field", org.hamcrest.Matchers.is("profileId"));
        given().header("X-API-Key", ANALYST_KEY).get("/inbox/{p}/stream", "p".repeat(129)).then().statusCode(400)
                .body("details[0].field", org.hamcrest.Matchers.is("profileId"));
    }

    @Test
    void marketingMailCarriesTheOpenPixelWhichReportsTheOpenAndTransactionalMailDoesNot() throws Exception {
        String id = "open-" + run();
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject", "Winter sale",
                "html", "<html><body><p>Hi</p></body></html>"))));
        String email = "open." + run() + "@example.com";
        Requests marketing = request(id).marketing().channels(Channel.EMAIL).identifier("email", email)
                .consent("email", "subscribed");
        marketing.produce(kafka);
        assertThat(awaitFinal(marketing.requestId()).getString("state")).isEqualTo("sent");
        MimeMessage sentMail = await().atMost(WAIT).until(() -> mailTo(email), l -> !l.isEmpty()).get(0);
        assertThat(sentMail.getHeader("X-OmniJourney-Journey-Id")).containsExactly("journey-1");
        assertThat(sentMail.getHeader("X-OmniJourney-Step-Id")).containsExactly("step-1");
        JsonNode smtpApi = JSON.readTree(sentMail.getHeader("X-SMTPAPI")[0]).path("unique_args");
        assertThat(smtpApi.path("requestId").asText()).isEqualTo(marketing.requestId());
        assertThat(smtpApi.path("journeyId").asText()).isEqualTo("journey-1");
        assertThat(smtpApi.path("stepId").asText()).isEqualTo("step-1");
        assertThat(smtpApi.has("email")).as("no address in the arguments").isFalse();
        String html = sentMail.getContent().toString();
        Matcher pixel = Pattern.compile("<img src=\"http://localhost:8084(/t/o/[^\"]+)\" width=\"1\" height=\"1\"")
                .matcher(html);
        assertThat(pixel.find()).as(html).isTrue();
        assertThat(html.indexOf(pixel.group())).as("inside the body").isLessThan(html.indexOf("</body>"));
        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            byte[] gif = given().get(pixel.group(1)).then().statusCode(200).contentType("image/gif")
                    .header("Cache-Control", org.hamcrest.Matchers.containsString("no-store")).extract().asByteArray();
            assertThat(new String(gif, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
            given().get(pixel.group(1)).then().statusCode(200);
            List<TouchpointEvent> opens = await().atMost(WAIT).until(() -> touchpoints.records().stream()
                    .map(rec -> TouchpointCodec.decode(rec.value())).filter(e -> "Email Opened".equals(e.event()))
                    .filter(e -> marketing.requestId().equals(e.properties().get("requestId"))).toList(),
                    l -> l.size() >= 2);
            assertThat(opens).extracting(TouchpointEvent::messageId).as("one open per window downstream")
                    .containsOnly(opens.get(0).messageId());
            assertThat(opens.get(0).properties()).containsEntry("templateId", id);
            assertThat(opens.get(0).channel()).isEqualTo(Channel.EMAIL);
        }
        given().get(tampered(pixel.group(1))).then().statusCode(404);

        String receipt = "receipt." + run() + "@example.com";
        Requests transactional = request(id).channels(Channel.EMAIL).identifier("email", receipt);
        transactional.produce(kafka);
        assertThat(awaitFinal(transactional.requestId()).getString("state")).isEqualTo("sent");
        String receiptHtml = await().atMost(WAIT).until(() -> mailTo(receipt), l -> !l.isEmpty()).get(0)
                .getContent().toString();
        assertThat(receiptHtml).doesNotContain("/t/o/");
    }

    @Test
    void anNpsEmailIsAnsweredFromItsLinkOnceWithAComment() throws Exception {
        String id = "nps-" + run();
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject",
                "How likely are you to recommend us?", "text",
                "{#for a in survey.nps}{a.score} {a.url}\n{/for}"))));
        String email = "nps." + run() + "@example.com";
        Requests r = request(id).channels(Channel.EMAIL).identifier("email", email).identifier("userId", "u-" + run());
        r.produce(kafka);
        assertThat(awaitFinal(r.requestId()).getString("state")).isEqualTo("sent");
        String text = await().atMost(WAIT).until(() -> mailTo(email), l -> !l.isEmpty()).get(0).getContent()
                .toString();
        Matcher nine = Pattern.compile("(?m)^9 http://localhost:8084(/t/s/\\S+)$").matcher(text);
        assertThat(nine.find()).as(text).isTrue();
        assertThat(Pattern.compile("(?m)^\\d+ http").matcher(text).results().count()).isEqualTo(11);
        String link = nine.group(1);

        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            String page = given().get(link).then().statusCode(200).contentType("text/html").extract().asString();
            assertThat(page).contains("<strong>9</strong>", "NPS", "name=\"comment\"");
            given().formParam("comment", "x".repeat(1001)).post(link).then().statusCode(400)
                    .body("details[0].field", org.hamcrest.Matchers.is("comment"));
            given().formParam("comment", "Great <b>service</b>").post(link).then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("Thank you for your answer"));
            given().formParam("comment", "changed my mind").post(link).then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("answered already"));
            given().get(link).then().statusCode(200).body(org.hamcrest.Matchers.containsString("(9) is recorded"));

            List<TouchpointEvent> answers = await().atMost(WAIT).until(() -> touchpoints.records().stream()
                    .map(rec -> TouchpointCodec.decode(rec.value())).filter(e -> "Survey Responded".equals(e.event()))
                    .filter(e -> r.requestId().equals(e.properties().get("requestId"))).toList(), l -> !l.isEmpty());
            TouchpointEvent answer = answers.get(0);
            assertThat(answer.messageId()).isEqualTo("survey:" + r.requestId());
            assertThat(answer.properties()).containsEntry("nps", 9L).containsEntry("survey", "nps")
                    .containsEntry("surveyId", id).containsEntry("comment", "Great <b>service</b>")
                    .containsEntry("sentOn", "email");
            assertThat(answer.channel()).isEqualTo(Channel.EMAIL);
            assertThat(answer.userId()).startsWith("u-");
            assertThat(touchpoints.records().stream().map(rec -> TouchpointCodec.decode(rec.value()))
                    .filter(e -> "Survey Responded".equals(e.event()))
                    .filter(e -> r.requestId().equals(e.properties().get("requestId"))).count())
                    .as("one answer per message").isEqualTo(1);
        }
        given().get(tampered(link)).then().statusCode(404);
        String expired = io.omnijourney.notification.domain.SurveyLinks.token("test-tracking-secret", r.requestId(),
                io.omnijourney.notification.domain.SurveyLinks.Kind.CSAT, 5, Instant.now().minusSeconds(60));
        given().get("/t/s/" + expired).then().statusCode(410).body("details[0].field", org.hamcrest.Matchers.is("token"));
    }

    @Test
    void dailyCapSuppressesMarketingBeyondTheLimit() {
        String run = run();
        String id = "cap-" + run;
        template(id, "inbox", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("title", "Deal",
                "body", "Deal"))));
        String profileId = "capped-" + run;
        List<Requests> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Requests r = request(id).profileId(profileId).marketing().channels(Channel.MOBILE);
            r.produce(kafka);
            sent.add(r);
        }
        List<String> states = sent.stream().map(r -> awaitFinal(r.requestId()).getString("state")).toList();
        assertThat(states).containsExactly("sent", "sent", "sent", "sent", "sent", "suppressed");
        assertThat(awaitFinal(sent.get(5).requestId()).getString("reason")).contains("daily-cap");
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndTheNextIsHandled() {
        String id = "after-poison-" + run();
        template(id, "inbox", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("title", "T",
                "body", "B"))));
        try (TopicProbe dlq = kafka.probe(Topics.NOTIFICATION_REQUESTS_DLQ)) {
            String key = "poison-" + run();
            kafka.produce(Topics.NOTIFICATION_REQUESTS, key, "{not json".getBytes(StandardCharsets.UTF_8));
            Requests next = request(id).profileId(key).channels(Channel.MOBILE);
            next.produce(kafka);
            ConsumerRecord<String, byte[]> dead = await().atMost(WAIT).until(() -> dlq.records().stream()
                    .filter(rec -> key.equals(rec.key())).findFirst(), java.util.Optional::isPresent).get();
            assertThat(TopicProbe.header(dead, "dead-letter-reason")).startsWith("poison");
            assertThat(awaitFinal(next.requestId()).getString("state")).isEqualTo("sent");
        }
    }

    @Test
    void poisonOnProfileEventsGoesToItsDeadLetterTopic() {
        try (TopicProbe dlq = kafka.probe(Topics.PROFILE_EVENTS_DLQ)) {
            String key = "bad-profile-" + run();
            kafka.produce(Topics.PROFILE_EVENTS, key, "{\"kind\":\"exploded\"}".getBytes(StandardCharsets.UTF_8));
            ConsumerRecord<String, byte[]> dead = await().atMost(WAIT).until(() -> dlq.records().stream()
                    .filter(rec -> key.equals(rec.key())).findFirst(), java.util.Optional::isPresent).get();
            assertThat(TopicProbe.header(dead, "dead-letter-reason")).startsWith("poison");
            assertThat(TopicProbe.header(dead, "dead-letter-topic")).isEqualTo(Topics.PROFILE_EVENTS);
        }
    }

    @Test
    void ledgerIsReadableByAnalystsOnly() {
        String id = "ledger-" + run();
        template(id, "inbox", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("title", "T",
                "body", "B"))));
        Requests r = request(id).channels(Channel.WEB);
        r.produce(kafka);
        awaitFinal(r.requestId());
        given().header("X-API-Key", ANALYST_KEY).queryParam("profileId", r.profileId()).get("/notifications")
                .then().statusCode(200).body("[0].requestId", org.hamcrest.Matchers.is(r.requestId()))
                .body("[0].channel", org.hamcrest.Matchers.is("inbox"))
                .body("[0].state", org.hamcrest.Matchers.is("sent"));
        given().get("/notifications/{id}", r.requestId()).then().statusCode(401);
        given().header("X-API-Key", Requests.MARKETER_KEY).get("/notifications/{id}", r.requestId()).then()
                .statusCode(403);
        given().header("X-API-Key", ANALYST_KEY).get("/notifications/{id}", "nope").then().statusCode(404)
                .body("error", org.hamcrest.Matchers.containsString("not found"));
        given().header("X-API-Key", ANALYST_KEY).get("/notifications").then().statusCode(400);
    }

    @Test
    void deliveryAndEngagementReportsAppearOnTheMessagesLedgerEntryOncePerFate() {
        String id = "fates-" + run();
        template(id, "email", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("subject", "Hello",
                "text", "Hello"))));
        Requests r = request(id).channels(Channel.EMAIL).identifier("email", "fates." + run() + "@example.com");
        r.produce(kafka);
        assertThat(awaitFinal(r.requestId()).getString("state")).isEqualTo("sent");
        Instant delivered = Instant.parse("2026-12-06T10:00:00Z");
        // Delivered (twice, the second later: the first report stays), opened; an open from a web source (a public
        // write key) and a report on a request the ledger does not hold change nothing.
        publishFate(r.profileId(), Channel.EMAIL, "Email Delivered", r.requestId(), delivered);
        publishFate(r.profileId(), Channel.EMAIL, "Email Delivered", r.requestId(), delivered.plusSeconds(60));
        publishFate(r.profileId(), Channel.WEB, "Email Clicked", r.requestId(), delivered.plusSeconds(90));
        publishFate(r.profileId(), Channel.EMAIL, "Email Bounced", "no-such-request", delivered);
        publishFate(r.profileId(), Channel.EMAIL, "Email Opened", r.requestId(), delivered.plusSeconds(120));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath entry = given().header("X-API-Key", ANALYST_KEY).get("/notifications/{id}", r.requestId())
                    .then().statusCode(200).extract().jsonPath();
            assertThat(entry.getMap("fates")).containsOnlyKeys("delivered", "opened");
            assertThat(Instant.parse(entry.getString("fates.delivered"))).isEqualTo(delivered);
            assertThat(Instant.parse(entry.getString("fates.opened"))).isEqualTo(delivered.plusSeconds(120));
        });
        given().header("X-API-Key", ANALYST_KEY).get("/notifications/{id}", "no-such-request").then().statusCode(404);
    }

    @Test
    void aScoreRepliedToASurveySmsIsItsAnswerOnceAndTheSendCountsAsASurvey() {
        String run = run();
        String phone = "+3519" + (10_000_000 + Math.abs(run.hashCode() % 89_999_999));
        providers.http.stubFor(post(urlPathEqualTo("/twilio/2010-04-01/Accounts/AC-test/Messages.json"))
                .withRequestBody(containing("To=" + java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM" + run + "\",\"status\":\"queued\"}")));
        String id = "nps-sms-" + run;
        given().header("X-API-Key", Requests.MARKETER_KEY).contentType("application/json")
                .body(Map.of("defaultLocale", "en", "survey", "stars", "locales", Map.of("en", Map.of("text", "x"))))
                .put("/templates/{id}/sms", id).then().statusCode(400)
                .body("details[0].field", org.hamcrest.Matchers.is("survey"));
        template(id, "sms", Map.of("defaultLocale", "en", "survey", "nps", "locales", Map.of("en", Map.of("text",
                "How likely are you to recommend us? Reply 0-10"))));
        given().header("X-API-Key", ANALYST_KEY).get("/templates/{id}/sms", id).then().statusCode(200)
                .body("survey", org.hamcrest.Matchers.is("nps"));
        Requests r = request(id).channels(Channel.SMS).identifier("phone", phone);
        try (TopicProbe touchpoints = kafka.probe(Topics.TOUCHPOINTS)) {
            r.produce(kafka);
            TouchpointEvent sent = outcomes(touchpoints, "notification:" + r.requestId() + ":sent", 1).get(0);
            assertThat(sent.properties()).containsEntry("survey", "nps");

            Instant at = Instant.now();
            publishSms(r.profileId(), "hello", at);
            publishSms(r.profileId(), " 9! ", at.plusSeconds(1));
            publishSms(r.profileId(), "3", at.plusSeconds(2));
            TouchpointEvent answer = outcomes(touchpoints, "survey:" + r.requestId(), 1).get(0);
            assertThat(answer.event()).isEqualTo("Survey Responded");
            assertThat(answer.channel()).isEqualTo(Channel.SMS);
            assertThat(answer.properties()).containsEntry("nps", 9L).containsEntry("survey", "nps")
                    .containsEntry("surveyId", id).containsEntry("requestId", r.requestId())
                    .containsEntry("answeredBy", "sms_reply").containsEntry("sentOn", "sms");
            // The second score is no second answer: once the profile's next event is handled, still one answer.
            publishFate(r.profileId(), Channel.SMS, "SMS Delivered", r.requestId(), at.plusSeconds(3));
            await().atMost(WAIT).until(() -> given().header("X-API-Key", ANALYST_KEY)
                    .get("/notifications/{id}", r.requestId()).then().extract().jsonPath()
                    .getString("fates.delivered") != null);
            assertThat(touchpoints.records().stream().map(rec -> TouchpointCodec.decode(rec.value()))
                    .filter(e -> "Survey Responded".equals(e.event()))).hasSize(1);
        }
    }

    private static void publishSms(String profileId, String body, Instant at) {
        TouchpointEvent touchpoint = TouchpointEventBuilder.of(EventType.TRACK).messageId("sms-" + UUID.randomUUID())
                .event("SMS Received").userId("u-" + profileId).properties(Map.of("body", body))
                .channel(Channel.SMS).sourceId("twilio").timestamp(at).receivedAt(at).build();
        ProfileEvent event = ProfileEvent.touchpoint(profileId, touchpoint, new ProfileSnapshot(
                Map.of("userId", List.of("u-" + profileId)), Map.of(), Map.of(), Map.of(), List.of()));
        kafka.produce(Topics.PROFILE_EVENTS, profileId, ContractJson.encode(event),
                CloudEventHeaders.forProfileEvent(event));
    }

    private static void publishFate(String profileId, Channel channel, String event, String requestId, Instant at) {
        TouchpointEvent touchpoint = TouchpointEventBuilder.of(EventType.TRACK).messageId("fate-" + UUID.randomUUID())
                .event(event).userId("u-" + profileId).properties(Map.of("requestId", requestId)).channel(channel)
                .sourceId("provider").timestamp(at).receivedAt(at).build();
        ProfileEvent fate = ProfileEvent.touchpoint(profileId, touchpoint, new ProfileSnapshot(
                Map.of("userId", List.of("u-" + profileId)), Map.of(), Map.of(), Map.of(), List.of()));
        kafka.produce(Topics.PROFILE_EVENTS, profileId, ContractJson.encode(fate),
                CloudEventHeaders.forProfileEvent(fate));
    }

    private static void publishProfile(String profileId, Map<String, ProfileSnapshot.Consent> consent,
            Map<String, Object> traits) {
        TouchpointEvent touchpoint = TouchpointEventBuilder.of(EventType.IDENTIFY).messageId("tp-" + UUID.randomUUID())
                .userId("u-" + profileId).channel(Channel.WEB).sourceId("web").timestamp(Instant.now())
                .receivedAt(Instant.now()).build();
        ProfileEvent event = ProfileEvent.touchpoint(profileId, touchpoint, new ProfileSnapshot(
                Map.of("userId", List.of("u-" + profileId)), traits, consent, Map.of(), List.of()));
        kafka.produce(Topics.PROFILE_EVENTS, profileId, ContractJson.encode(event),
                CloudEventHeaders.forProfileEvent(event));
    }

    private static String part(MimeMessage message, String type) throws Exception {
        Object content = message.getContent();
        if (content instanceof String s) {
            return message.isMimeType(type) ? s : "";
        }
        return find((MimeMultipart) content, type);
    }

    private static String find(MimeMultipart multipart, String type) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return String.valueOf(part.getContent());
            }
            if (part.getContent() instanceof MimeMultipart nested) {
                String found = find(nested, type);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return "";
    }

    static URI unused() {
        return null;
    }
}
