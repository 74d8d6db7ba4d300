import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo story, played against a running local stack (bin/omnijourney demo runs it with `java DemoStory.java`,
 * no build needed): one customer across mobile, web, store, SMS and email, and what the system did at each step.
 * Reads the keys and URLs from the environment that bin/omnijourney sets.
 */
public class DemoStory {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String INGEST = env("INGEST_URL", "http://localhost:8081");
    private static final String PROFILES = env("PROFILE_URL", "http://localhost:8082");
    private static final String JOURNEYS = env("JOURNEY_URL", "http://localhost:8083");
    private static final String NOTIFICATIONS = env("NOTIFICATION_URL", "http://localhost:8084");
    private static final String MAIL = env("MAIL_URL", "http://localhost:8025");
    private static final String PROVIDERS = env("PROVIDERS_URL", "http://localhost:8090");

    public static void main(String[] args) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String visitor = "visitor-" + run;
        String userId = "ana-" + run;
        String email = "ana." + run + "@example.com";
        String phone = "+3519120" + String.format("%05d", Math.abs(run.hashCode()) % 100000);
        String checkout = "co-" + run;
        System.out.println("Demo customer: Ana (" + email + ", " + phone + "), run " + run);

        step(1, "Ana browses the Trail Shoe in the mobile app, not signed in");
        track("MOBILE", "{\"type\":\"screen\",\"anonymousId\":\"" + visitor + "\",\"name\":\"Trail Shoe\","
                + "\"properties\":{\"product_id\":\"trail-shoe\"}}");
        String profileId = awaitJson(PROFILES + "/profiles/lookup?identifier=" + enc("anonymousId:" + visitor),
                "ANALYST_API_KEY", body -> body.contains("\"id\"")).replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
        say("profile-service made an anonymous profile " + profileId);

        step(2, "She signs in on the website");
        track("WEB", "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"anonymousId\":\"" + visitor + "\","
                + "\"traits\":{\"firstName\":\"Ana\",\"email\":\"" + email + "\",\"phone\":\"" + phone + "\","
                + "\"emailOptIn\":true,\"smsOptIn\":true}}");
        awaitJson(PROFILES + "/profiles/lookup?identifier=" + enc("email:" + email), "ANALYST_API_KEY",
                body -> body.contains(userId));
        say("the same profile now holds her userId, email and phone; email and SMS consent are recorded");

        step(3, "She adds the Trail Shoe to her wishlist on the website");
        track("WEB", "{\"type\":\"track\",\"event\":\"Product Added to Wishlist\",\"userId\":\"" + userId + "\","
                + "\"properties\":{\"product_id\":\"trail-shoe\",\"name\":\"Trail Shoe " + run + "\",\"price\":89.9}}");
        String offers = awaitMail(email, "Trail Shoe " + run);
        say("the wishlist journey sent the offers email: \"" + field(offers, "subject") + "\"");

        step(4, "She starts a checkout on the website and leaves");
        track("WEB", "{\"type\":\"track\",\"event\":\"Checkout Started\",\"userId\":\"" + userId + "\","
                + "\"properties\":{\"checkout_id\":\"" + checkout + "\",\"total\":89.9,\"demo\":true}}");
        say("waiting for the abandoned-checkout journey (the demo copy waits 15 s instead of an hour)...");
        String reminder = awaitMail(email, "basket");
        say("reminder email: \"" + field(reminder, "subject") + "\"");
        String sms = awaitProvider("basket", phone);
        say("and 10 s later the reminder SMS reached the SMS provider: " + smsText(sms));

        step(5, "She buys the shoes in the Porto store; the POS knows only her email");
        track("STORE", "{\"type\":\"track\",\"event\":\"Order Completed\",\"anonymousId\":\"pos-receipt-" + run
                + "\",\"context\":{\"traits\":{\"email\":\"" + email + "\"}},\"properties\":{\"order_id\":\"o-" + run + "\",\"checkout_id\":\"" + checkout
                + "\",\"revenue\":89.9,\"store_id\":\"porto-1\",\"demo\":true}}");
        awaitJson(PROFILES + "/profiles/lookup?identifier=" + enc("email:" + email), "ANALYST_API_KEY",
                body -> body.contains("\"orderCount\":1"));
        say("profile-service counted the order and the revenue on her one profile; the journeys count a conversion");

        step(6, "The warehouse ships the order");
        track("STORE", "{\"type\":\"track\",\"event\":\"Order Shipped\",\"userId\":\"" + userId + "\","
                + "\"properties\":{\"order_id\":\"o-" + run + "\"}}");
        String shipped = awaitProvider("shipped", phone);
        say("transactional SMS sent: " + smsText(shipped));

        step(7, "The NPS survey email arrives (the demo copy waits 5 s instead of 7 days); she clicks 9");
        // Read from the message's JSON as it is (field() would walk the long text with a backtracking regex).
        String survey = awaitMail(email, "recommend us");
        Matcher nine = Pattern.compile("(?:^|\\\\n)9: (http[^\\\\\\s]+/t/s/[A-Za-z0-9_.-]+)").matcher(survey);
        if (!nine.find()) {
            throw new IllegalStateException("no answer link for 9 in the survey email: " + clip(survey));
        }
        String answerPage = get(nine.group(1), null);
        say("the link opens the answer page (opening records nothing: mail scanners open links): "
                + (answerPage.contains("<strong>9</strong>") ? "9, ready to send" : clip(answerPage)));
        HttpResponse<String> sent = HTTP.send(HttpRequest.newBuilder(URI.create(nine.group(1)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("comment=" + enc("Loved the store staff"))).build(),
                HttpResponse.BodyHandlers.ofString());
        say("she sends it with a comment: " + sent.statusCode());
        awaitJson(PROFILES + "/profiles/lookup?identifier=" + enc("userId:" + userId), "ANALYST_API_KEY",
                body -> body.contains("\"lastNps\":9"));
        say("last NPS on her profile: 9; the NPS journey counts a conversion");

        step(8, "Back in the Porto store she scans the QR code on the window poster, and the shop site opens");
        String store = storeSourceId();
        send("PATCH", INGEST + "/admin/sources/" + store, "ADMIN_API_KEY",
                "{\"allowedOrigins\":[\"https://shop.example.com\"]}");
        String qr = send("POST", INGEST + "/admin/sources/" + store + "/qr-codes", "ADMIN_API_KEY",
                "{\"name\":\"Window poster " + run + "\",\"target\":\"https://shop.example.com/winter\","
                + "\"properties\":{\"store_id\":\"porto-1\",\"campaign\":\"winter\"}}");
        HttpResponse<String> scan = HTTP.send(HttpRequest.newBuilder(URI.create(INGEST + field(qr, "path")))
                .header("User-Agent", "Mozilla/5.0 (iPhone; demo)").build(), HttpResponse.BodyHandlers.ofString());
        String location = scan.headers().firstValue("Location").orElse("");
        String scanner = location.replaceAll(".*ajs_aid=([^&#]+).*", "$1");
        say("the scan answered " + scan.statusCode() + ", on to " + location);
        track("WEB", "{\"type\":\"page\",\"name\":\"Winter\",\"anonymousId\":\"" + scanner + "\",\"userId\":\""
                + userId + "\"}");
        awaitJson(PROFILES + "/profiles/lookup?identifier=" + enc("anonymousId:" + scanner), "ANALYST_API_KEY",
                body -> body.contains(userId));
        say("analytics.js on the shop site took the scan's anonymous id (ajs_aid): the scan is on her profile");

        step(9, "She calls the call center; the IVR knows her from her number before an agent picks up");
        String summary = awaitJson(PROFILES + "/profiles/summary?identifier=" + enc("phone:" + phone),
                "ANALYST_API_KEY", body -> body.contains("\"lastOrders\":[{"));
        say("screen-pop: " + field(summary, "name") + ", last order " + field(summary, "orderId") + " ("
                + field(summary, "channel") + "), email consent " + summary.replaceAll(".*\"email\":\"([a-z]+)\".*",
                "$1") + ", NPS " + summary.replaceAll(".*\"nps\":([0-9]+).*", "$1"));
        String journeys = get(JOURNEYS + "/profiles/" + field(summary, "profileId") + "/journeys?all=true",
                "ANALYST_API_KEY");
        Matcher each = Pattern.compile("\"journeyName\":\"([^\"]*)\".*?\"status\":\"([a-z]+)\"").matcher(journeys);
        while (each.find()) {
            say("journey \"" + each.group(1) + "\": " + each.group(2));
        }

        step(10, "She books a repair appointment; the store's SMS asks her to reply YES, and she does");
        track("STORE", "{\"type\":\"track\",\"event\":\"Appointment Booked\",\"userId\":\"" + userId + "\","
                + "\"properties\":{\"slot\":\"Tuesday 10:30\",\"demo\":true}}");
        String ask = awaitProvider("confirm", phone);
        say("SMS: " + smsText(ask));
        // Twilio's part, played here as the real one would: signed with the account's auth token.
        Matcher callback = Pattern.compile("StatusCallback=([^&\"\\\\]+)").matcher(ask);
        if (callback.find()) {
            int status = twilio(URLDecoder.decode(callback.group(1), StandardCharsets.UTF_8), Map.of(
                    "MessageSid", "SMask" + run, "MessageStatus", "delivered", "To", phone, "From", "+15005550006"));
            say("the provider's delivery receipt (status callback, signed): " + status + ", SMS Delivered on her timeline");
        }
        int replied = twilio(INGEST + "/v1/webhooks/twilio/twilio", Map.of("MessageSid", "SMreply" + run, "From", phone,
                "To", "+15005550006", "Body", "YES", "NumMedia", "0"));
        say("she replies YES (the provider's inbound webhook, signed): " + replied);
        String confirmed = awaitProvider("confirmed", phone);
        say("the journey took the YES path: " + smsText(confirmed));
        String appointment = System.getenv("DEMO_APPOINTMENT_JOURNEY");
        if (appointment != null && !appointment.isBlank()) {
            Pattern askStep = Pattern.compile("\"stepId\":\"ask\"[^\\]]*?\"delivery\":\\{\"sent\":(\\d+),"
                    + "\"delivered\":(\\d+)");
            String stats;
            try {
                stats = await(() -> get(JOURNEYS + "/journeys/" + appointment + "/stats", "ANALYST_API_KEY"),
                        body -> {
                            Matcher counted = askStep.matcher(body);
                            return counted.find() && Long.parseLong(counted.group(2)) >= 1;
                        }, "the receipt in the journey's statistics");
            } catch (IllegalStateException notCounted) {
                stats = "";
                say("the receipt is not in the journey's statistics yet: " + notCounted.getMessage());
            }
            Matcher counted = askStep.matcher(stats);
            if (counted.find()) {
                say("the journey's statistics count the receipt on the step that sent it: step \"ask\" sent "
                        + counted.group(1) + ", delivered " + counted.group(2) + " (every demo run so far)");
            }
        }

        step(11, "The unified profile and its cross-channel timeline");
        String profile = get(PROFILES + "/profiles/lookup?identifier=" + enc("userId:" + userId), "ANALYST_API_KEY");
        String id = profile.replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
        System.out.println("  " + profile);
        String timeline = get(PROFILES + "/profiles/" + id + "/timeline", "ANALYST_API_KEY");
        Matcher m = Pattern.compile("\"timestamp\":\"([^\"]+)\",\"channel\":\"([^\"]+)\",\"type\":\"([^\"]+)\""
                + "(?:,\"event\":\"([^\"]+)\")?").matcher(timeline);
        System.out.println("  timeline (newest first):");
        while (m.find()) {
            System.out.printf("    %-28s %-12s %s%n", m.group(1), m.group(2), m.group(4) != null ? m.group(4) : m.group(3));
        }
        System.out.println();
        System.out.println("Mail: " + MAIL + "   SMS/push requests: " + PROVIDERS + "   profile: " + PROFILES
                + "/profiles/" + id);
    }

    private static void track(String channel, String body) throws Exception {
        String key = System.getenv(channel + "_WRITE_KEY");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(INGEST + "/v1/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":")
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[" + body + "]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
        }
        say("ingest accepted it (" + channel.toLowerCase().replace('_', ' ') + " source)");
    }

    /**
     * Posts a Twilio-shaped webhook as Twilio does: form-encoded, {@code X-Twilio-Signature} = base64 HMAC-SHA1 of the
     * URL and the parameters (names sorted, each name then value) under the account's auth token.
     */
    private static int twilio(String url, Map<String, String> params) throws Exception {
        StringBuilder signed = new StringBuilder(url);
        StringBuilder form = new StringBuilder();
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(params).entrySet()) {
            signed.append(p.getKey()).append(p.getValue());
            form.append(form.length() == 0 ? "" : "&").append(enc(p.getKey())).append('=').append(enc(p.getValue()));
        }
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(System.getenv("PROVIDER_TOKEN").getBytes(StandardCharsets.UTF_8),
                "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(signed.toString()
                .getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-Twilio-Signature", signature)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The store's source (the demo workspace has one), found by its channel. */
    private static String storeSourceId() throws Exception {
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\",\"name\":\"[^\"]*\",\"channel\":\"store\"")
                .matcher(get(INGEST + "/admin/sources", "ADMIN_API_KEY"));
        if (!m.find()) {
            throw new IllegalStateException("no store source: bin/omnijourney up seeds one");
        }
        return m.group(1);
    }

    private static String send(String method, String url, String keyVar, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key",
                System.getenv(keyVar)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String awaitJson(String url, String keyVar, Predicate<String> done) throws Exception {
        return await(() -> get(url, keyVar), done, url);
    }

    private static String awaitMail(String to, String subjectPart) throws Exception {
        String list = await(() -> get(MAIL + "/api/messages", null), body -> findMail(body, to, subjectPart) != null,
                "an email to " + to);
        return findMail(list, to, subjectPart);
    }

    private static String findMail(String list, String to, String subjectPart) {
        for (String message : list.split("\\},\\{")) {
            if (message.contains(to) && field(message, "subject").contains(subjectPart)) {
                return message;
            }
        }
        return null;
    }

    /** The text of a Twilio-shaped request as the stand-in recorded it. */
    private static String smsText(String request) {
        String form = field(request, "body");
        for (String pair : form.split("&")) {
            if (pair.startsWith("Body=")) {
                return "\"" + java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8) + "\"";
            }
        }
        return clip(request);
    }

    private static String awaitProvider(String textPart, String phone) throws Exception {
        String list = await(() -> get(PROVIDERS + "/api/requests", null),
                body -> findRequest(body, phone, textPart) != null, "an SMS to " + phone);
        return findRequest(list, phone, textPart);
    }

    private static String findRequest(String list, String phone, String textPart) {
        String encoded = URLEncoder.encode(phone, StandardCharsets.UTF_8);
        for (String request : list.split("\\},\\{")) {
            if ((request.contains(phone) || request.contains(encoded)) && request.contains(textPart)) {
                return request;
            }
        }
        return null;
    }

    private interface Call {
        String get() throws Exception;
    }

    private static String await(Call call, Predicate<String> done, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                last = call.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("gave up waiting for " + what + " after 90 s; last answer: " + clip(last));
    }

    private static String get(String url, String keyVar) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (keyVar != null) {
            request.header("X-API-Key", System.getenv(keyVar));
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : "";
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static String clip(String text) {
        return text.length() > 240 ? text.substring(0, 240) + "..." : text;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void step(int n, String text) {
        System.out.println();
        System.out.println(n + ". " + text);
    }

    private static void say(String text) {
        System.out.println("   -> " + text);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
