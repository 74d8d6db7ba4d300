package io.omnijourney.notification.adapter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.omnijourney.notification.support.Requests.ADMIN_KEY;
import static io.omnijourney.notification.support.Requests.ANALYST_KEY;
import static io.omnijourney.notification.support.Requests.MARKETER_KEY;
import static io.omnijourney.notification.support.Requests.request;
import static io.omnijourney.notification.support.Requests.template;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.notification.support.LiveServiceTest;
import io.omnijourney.notification.support.ProvidersTestResource;
import io.omnijourney.notification.support.Requests;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp from a request on Kafka to the Twilio-shaped provider (WireMock): the form the provider sees for a
 * free-form message and for an approved template, and the refusal outside the 24-hour session window handing the
 * request to SMS.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.NOTIFICATION_REQUESTS + ":3," + Topics.NOTIFICATION_REQUESTS_DLQ + ":1," + Topics.TOUCHPOINTS
                + ":3," + Topics.PROFILE_EVENTS + ":3," + Topics.PROFILE_EVENTS_DLQ + ":1," + Topics.ERASURE_ACKS
                + ":3"))
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(ProvidersTestResource.class)
class WhatsAppDeliveryTest extends LiveServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WHATSAPP_PATH = "/twilio/2010-04-01/Accounts/AC-whatsapp/Messages.json";
    private static final String SMS_PATH = "/twilio/2010-04-01/Accounts/AC-test/Messages.json";
    private static final String BACKUP_SMS_PATH = "/backup/2010-04-01/Accounts/AC-backup/Messages.json";
    private static final String CONTENT_SID = "HX0123456789abcdef0123456789abcdef";

    @Test
    void aFreeFormMessageGoesFromAndToWhatsAppAddressesWithItsBody() {
        String run = run();
        String phone = phone(run, 1);
        stubAccepted(WHATSAPP_PATH, phone, "SMwa" + run);
        String id = "wa-text-" + run;
        template(id, "whatsapp", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text",
                "Hi {profile.firstName}, order {event.properties.order_id} is on its way"))));
        Requests r = request(id).channels(Channel.WHATSAPP).identifier("phone", phone).trait("firstName", "Ana")
                .trigger("Order Shipped", Map.of("order_id", "o-1"));
        r.produce(kafka);

        JsonPath ledger = awaitFinal(r.requestId());
        assertThat(ledger.getString("state")).isEqualTo("sent");
        assertThat(ledger.getString("channel")).isEqualTo("whatsapp");
        assertThat(ledger.getString("provider")).isEqualTo("twilio-whatsapp");
        assertThat(ledger.getString("providerMessageId")).isEqualTo("SMwa" + run);
        LoggedRequest call = single(WHATSAPP_PATH, phone);
        assertThat(call.getHeader("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("AC-whatsapp:whatsapp-token".getBytes(StandardCharsets.UTF_8)));
        assertThat(call.getHeader("I-Twilio-Idempotency-Token")).isEqualTo(r.requestId());
        assertThat(form(call)).containsExactly(
                Map.entry("To", "whatsapp:" + phone),
                Map.entry("From", "whatsapp:+14155238886"),
                Map.entry("Body", "Hi Ana, order o-1 is on its way"),
                Map.entry("StatusCallback", "https://ingest.example/v1/webhooks/twilio/src_sms/status?requestId="
                        + URLEncoder.encode(r.requestId(), StandardCharsets.UTF_8)
                        + "&journeyId=journey-1&stepId=step-1"));
    }

    @Test
    void anApprovedTemplateGoesAsContentSidWithItsRenderedVariablesAndNoBody() {
        String run = run();
        String phone = phone(run, 2);
        stubAccepted(WHATSAPP_PATH, phone, "SMtpl" + run);
        String id = "wa-tpl-" + run;
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("1", "{profile.firstName}");
        variables.put("2", "{event.properties.order_id}");
        variables.put("10", "{event.properties.slot}");
        template(id, "whatsapp", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of(
                "text", "Your order {event.properties.order_id} arrives at {event.properties.slot}",
                "contentSid", CONTENT_SID, "variables", variables))));
        Requests r = request(id).channels(Channel.WHATSAPP).identifier("phone", phone).trait("firstName", "Ana")
                .trigger("Order Shipped", Map.of("order_id", "o-7", "slot", "10:30"));
        r.produce(kafka);

        assertThat(awaitFinal(r.requestId()).getString("state")).isEqualTo("sent");
        Map<String, String> form = form(single(WHATSAPP_PATH, phone));
        assertThat(form).containsOnlyKeys("To", "From", "ContentSid", "ContentVariables", "StatusCallback");
        assertThat(form).containsEntry("To", "whatsapp:" + phone).containsEntry("From", "whatsapp:+14155238886")
                .containsEntry("ContentSid", CONTENT_SID)
                .containsEntry("ContentVariables", "{\"1\":\"Ana\",\"2\":\"o-7\",\"10\":\"10:30\"}");

        given().header("X-API-Key", ANALYST_KEY).get("/templates/{id}/whatsapp", id).then().statusCode(200)
                .body("locales.en.contentSid", equalTo(CONTENT_SID))
                .body("locales.en.variables.'2'", equalTo("{event.properties.order_id}"));
        given().header("X-API-Key", MARKETER_KEY).contentType(ContentType.JSON)
                .body(Map.of("sample", Map.of("profile", Map.of("firstName", "Rui"), "eventProperties",
                        Map.of("order_id", "o-9", "slot", "9:00"))))
                .post("/templates/{id}/whatsapp/preview", id).then().statusCode(200)
                .body("rendered.text", equalTo("Your order o-9 arrives at 9:00"))
                .body("rendered.'variables.1'", equalTo("Rui"))
                .body("rendered.'variables.10'", equalTo("9:00"));
    }

    @Test
    void aFreeFormMessageRefusedOutsideTheSessionWindowFallsBackToSms() {
        String run = run();
        String phone = phone(run, 3);
        providers.http.stubFor(post(urlPathEqualTo(WHATSAPP_PATH))
                .withRequestBody(containing(URLEncoder.encode("whatsapp:" + phone, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":63016,\"message\":\"Failed to send freeform message because you are "
                                + "outside the allowed window.\",\"status\":400}")));
        // The fallback channel's attempt may go to either SMS provider: the attempt count runs on across channels.
        stubAccepted(SMS_PATH, phone, "SMsms" + run);
        stubAccepted(BACKUP_SMS_PATH, phone, "SMsms" + run);
        String id = "wa-late-" + run;
        template(id, "whatsapp", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text",
                "Your parcel {event.properties.order_id} is out for delivery"))));
        template(id, "sms", Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text",
                "Parcel {event.properties.order_id} out for delivery"))));
        Requests r = request(id).channels(Channel.WHATSAPP, Channel.SMS).identifier("phone", phone)
                .trigger("Order Shipped", Map.of("order_id", "o-3"));
        r.produce(kafka);

        JsonPath ledger = awaitFinal(r.requestId());
        assertThat(ledger.getString("state")).as(ledger.getString("reason")).isEqualTo("sent");
        assertThat(ledger.getString("channel")).isEqualTo("sms");
        assertThat(ledger.getString("providerMessageId")).isEqualTo("SMsms" + run);
        assertThat(ledger.getString("reason")).contains("whatsapp: permanent",
                "outside the WhatsApp 24-hour session window; use a template with contentSid").doesNotContain(phone);
        assertThat(providers.http.findAll(postRequestedFor(urlPathEqualTo(WHATSAPP_PATH)).withRequestBody(containing(
                URLEncoder.encode(phone, StandardCharsets.UTF_8))))).as("a permanent refusal is not retried")
                .hasSize(1);
        List<LoggedRequest> smsCalls = new java.util.ArrayList<>();
        for (String path : List.of(SMS_PATH, BACKUP_SMS_PATH)) {
            smsCalls.addAll(providers.http.findAll(postRequestedFor(urlPathEqualTo(path)).withRequestBody(containing(
                    URLEncoder.encode(phone, StandardCharsets.UTF_8)))));
        }
        assertThat(smsCalls).singleElement().satisfies(call -> assertThat(form(call)).containsEntry("To", phone)
                .containsEntry("Body", "Parcel o-3 out for delivery"));
    }

    @Test
    void marketingOnWhatsAppNeedsAnOptIn() {
        String run = run();
        String phone = phone(run, 4);
        stubAccepted(WHATSAPP_PATH, phone, "SMmkt" + run);
        String id = "wa-promo-" + run;
        Requests.marketerTemplate(id, "whatsapp", Map.of("defaultLocale", "en", "locales",
                Map.of("en", Map.of("text", "Sale!"))));
        Requests noOptIn = request(id).marketing().channels(Channel.WHATSAPP).identifier("phone", phone)
                .consent("sms", "subscribed");
        Requests optedIn = request(id).marketing().channels(Channel.WHATSAPP).identifier("phone", phone)
                .consent("whatsapp", "subscribed");
        noOptIn.produce(kafka);
        optedIn.produce(kafka);

        JsonPath suppressed = awaitFinal(noOptIn.requestId());
        assertThat(suppressed.getString("state")).isEqualTo("suppressed");
        assertThat(suppressed.getString("reason")).contains("no-consent", "whatsapp");
        assertThat(awaitFinal(optedIn.requestId()).getString("state")).isEqualTo("sent");
        assertThat(providers.http.findAll(postRequestedFor(urlPathEqualTo(WHATSAPP_PATH)).withRequestBody(containing(
                URLEncoder.encode(phone, StandardCharsets.UTF_8))))).hasSize(1);
    }

    @Test
    void badWhatsAppTemplatesAreRefusedNamingTheField() {
        String id = "wa-bad-" + run();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("1", "{profile.firstName}");
        variables.put("11", "x");
        variables.put("2", " ");
        variables.put("3", "y".repeat(1025));
        given().header("X-API-Key", ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("contentSid", "HX123",
                        "variables", variables))))
                .put("/templates/{id}/whatsapp", id).then().statusCode(400)
                .body("details.field", hasItems("locales.en.contentSid", "locales.en.variables",
                        "locales.en.variables.2", "locales.en.variables.3"));
        given().header("X-API-Key", ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("variables", Map.of("1", "x")))))
                .put("/templates/{id}/whatsapp", id).then().statusCode(400)
                .body("details.field", hasItems("locales.en.text", "locales.en.variables"));
        given().header("X-API-Key", ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("defaultLocale", "en", "locales", Map.of("en", Map.of("text", "Hi",
                        "contentSid", CONTENT_SID))))
                .put("/templates/{id}/sms", id).then().statusCode(400)
                .body("details.field", hasItems("locales.en.contentSid"));
    }

    private static String phone(String run, int test) {
        return "+3519" + test + (1_000_000 + Math.abs(run.hashCode() % 8_999_999));
    }

    private static void stubAccepted(String path, String phone, String sid) {
        providers.http.stubFor(post(urlPathEqualTo(path))
                .withRequestBody(containing("To=" + URLEncoder.encode(
                        (path.equals(WHATSAPP_PATH) ? "whatsapp:" : "") + phone, StandardCharsets.UTF_8)))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}")));
    }

    private static LoggedRequest single(String path, String phone) {
        List<LoggedRequest> calls = providers.http.findAll(postRequestedFor(urlPathEqualTo(path))
                .withRequestBody(containing(URLEncoder.encode(phone, StandardCharsets.UTF_8))));
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    /** The form fields of a provider call, in the order they were sent. */
    private static Map<String, String> form(LoggedRequest call) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : call.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static JsonPath awaitFinal(String requestId) {
        return await().atMost(WAIT).until(() -> given().header("X-API-Key", ANALYST_KEY)
                .get("/notifications/{id}", requestId).then().extract().jsonPath(),
                j -> j.getString("state") != null && !"queued".equals(j.getString("state")));
    }
}
