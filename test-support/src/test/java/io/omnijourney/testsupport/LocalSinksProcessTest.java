package io.omnijourney.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omnijourney.infra.LocalSinksProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local SMTP sink and provider stand-in keep what they receive, on disk, across restarts. */
class LocalSinksProcessTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void mailAndProviderRequestsAreKeptListedAndSurviveARestart() throws Exception {
        try (LocalSinksProcess sinks = LocalSinksProcess.of(dir, 0, 0, 0).start()) {
            smtp(sinks.smtpPort(), "shop@example.com", "ana@example.com", "Your wishlist <offers>",
                    "Hello Ana, the Trail Shoe is 20% off.");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(get(sinks.mailUrl() + "/api/messages").body())
                            .contains("\"to\":\"ana@example.com\"", "\"subject\":\"Your wishlist <offers>\"",
                                    "Hello Ana, the Trail Shoe is 20% off.")
                            .containsPattern("\"received\":\"20[0-9-]+T[0-9:.]+Z\""));
            assertThat(get(sinks.mailUrl() + "/").body()).contains("Your wishlist &lt;offers&gt;")
                    .doesNotContain("<offers>");
            try (var files = Files.list(dir.resolve("mail"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(1);
            }

            HttpResponse<String> sms = http.send(HttpRequest.newBuilder(URI.create(sinks.providersUrl()
                            + "/2010-04-01/Accounts/AC123/Messages.json"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("To=%2B351912345678&Body=Your+order+shipped")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sms.statusCode()).isEqualTo(201);
            assertThat(sms.body()).contains("\"sid\":\"SM");
            HttpResponse<String> push = http.send(HttpRequest.newBuilder(URI.create(sinks.providersUrl()
                            + "/v1/projects/demo/messages:send")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":{\"token\":\"t1\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(push.body()).contains("\"name\":\"projects/local/messages/2\"");
            assertThat(get(sinks.providersUrl() + "/api/requests").body())
                    .contains("Body=Your+order+shipped", "/v1/projects/demo/messages:send", "{\\\"message\\\"");

            sinks.stop();
            sinks.start();
            assertThat(get(sinks.mailUrl() + "/api/messages").body()).contains("Your wishlist <offers>");
            assertThat(get(sinks.providersUrl() + "/api/requests").body()).contains("Body=Your+order+shipped");
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A plain SMTP conversation, as any mail client has it. */
    private static void smtp(int port, String from, String to, String subject, String text) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                     StandardCharsets.UTF_8))) {
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            for (String[] step : new String[][] {{"HELO test", "250"}, {"MAIL FROM:<" + from + ">", "250"},
                    {"RCPT TO:<" + to + ">", "250"}, {"DATA", "354"}}) {
                out.write((step[0] + "\r\n").getBytes(StandardCharsets.UTF_8));
                expect(in, step[1]);
            }
            out.write(("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n.\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            expect(in, "250");
            out.write("QUIT\r\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void expect(BufferedReader in, String code) throws Exception {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        assertThat(line).startsWith(code);
    }
}
