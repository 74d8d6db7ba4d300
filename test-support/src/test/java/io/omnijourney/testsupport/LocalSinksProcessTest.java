package io.omnijourney.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.omnijourney.infra.LocalSinksProcess;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local SMTP sink and provider stand-in keep what they receive, on disk, across restarts; the SMTP sink speaks
 * enough SMTP for real clients (keep-alive, pipelining, dot-stuffing, several recipients).
 */
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

            smtp(sinks.smtpPort(), "shop@example.com", "rui@example.com", "After the restart", "Numbered on.");
            assertThat(dir.resolve("mail/000002.eml")).content().contains("Subject: After the restart");
        }
    }

    @Test
    void severalPipelinedMessagesOnOneConnectionAreKeptAsReceivedWithTheirReceiptTime() throws Exception {
        try (LocalSinksProcess sinks = LocalSinksProcess.of(dir, 0, 0, 0).start();
             Smtp smtp = new Smtp(sinks.smtpPort())) {
            smtp.expect("220");
            smtp.send("EHLO client.example.com");
            assertThat(smtp.expect("250")).contains("PIPELINING", "8BITMIME", "SIZE");

            smtp.send("MAIL FROM:<shop@example.com> SIZE=300\r\nRCPT TO:<ana@example.com>\r\n"
                    + "RCPT TO:<rui@example.com>\r\nDATA");
            smtp.expect("250");
            smtp.expect("250");
            smtp.expect("250");
            smtp.expect("354");
            smtp.send("From: shop@example.com\r\nTo: ana@example.com, rui@example.com\r\nSubject: First\r\n\r\n"
                    + "Line one\r\n..leading dot\r\n...\r\n..\r\nlast");
            Instant sentAt = Instant.now();
            smtp.send(".");
            smtp.expect("250");
            Instant ackedAt = Instant.now();

            smtp.send("RSET\r\nNOOP\r\nVRFY ana\r\nMAIL FROM:<>\r\nRCPT TO:<leo@example.com>\r\nDATA");
            for (String code : new String[] {"250", "250", "252", "250", "250", "354"}) {
                smtp.expect(code);
            }
            smtp.send("From: shop@example.com\r\nTo: leo@example.com\r\nSubject: Second\r\n\r\nHi Leo\r\n.");
            smtp.expect("250");
            smtp.send("QUIT");
            smtp.expect("221");

            assertThat(dir.resolve("mail/000001.eml")).content()
                    .contains("Subject: First\r\n\r\nLine one\r\n.leading dot\r\n..\r\n.\r\nlast\r\n")
                    .doesNotContain("..leading");
            String listing = get(sinks.mailUrl() + "/api/messages").body();
            assertThat(listing).contains("\"to\":\"ana@example.com, rui@example.com\"", "\"subject\":\"First\"",
                    "\"subject\":\"Second\"", "Hi Leo");
            Matcher first = Pattern.compile("\"file\":\"000001\\.eml\".*?\"received\":\"([^\"]+)\"").matcher(listing);
            assertThat(first.find()).isTrue();
            assertThat(Instant.parse(first.group(1)))
                    .isBetween(sentAt.minusMillis(5), ackedAt.plusMillis(5))
                    .isCloseTo(sentAt, within(1, ChronoUnit.SECONDS));
        }
    }

    @Test
    void aCommandOutOfSequenceGets503AndTheConnectionStaysUsable() throws Exception {
        try (LocalSinksProcess sinks = LocalSinksProcess.of(dir, 0, 0, 0).start();
             Smtp smtp = new Smtp(sinks.smtpPort())) {
            smtp.expect("220");
            smtp.send("MAIL FROM:<shop@example.com>");
            smtp.expect("503");
            smtp.send("HELO client.example.com");
            smtp.expect("250");
            smtp.send("RCPT TO:<ana@example.com>");
            smtp.expect("503");
            smtp.send("DATA");
            smtp.expect("503");
            smtp.send("MAIL FROM:<shop@example.com>");
            smtp.expect("250");
            smtp.send("MAIL FROM:<shop@example.com>");
            smtp.expect("503");
            smtp.send("DATA");
            smtp.expect("503");
            smtp.send("FROBNICATE");
            smtp.expect("500");
            smtp.send("RCPT TO:<ana@example.com>");
            smtp.expect("250");
            smtp.send("DATA");
            smtp.expect("354");
            smtp.send("Subject: Still fine\r\n\r\nok\r\n.");
            smtp.expect("250");
            smtp.send("QUIT");
            smtp.expect("221");
            assertThat(get(sinks.mailUrl() + "/api/messages").body()).contains("\"subject\":\"Still fine\"");
        }
    }

    @Test
    void jakartaMailSendsSeveralMessagesOverOneConnection() throws Exception {
        try (LocalSinksProcess sinks = LocalSinksProcess.of(dir, 0, 0, 0).start()) {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", String.valueOf(sinks.smtpPort()));
            Session session = Session.getInstance(props);
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect();
                for (int i = 1; i <= 3; i++) {
                    MimeMessage message = new MimeMessage(session);
                    message.setFrom("shop@example.com");
                    message.setRecipients(Message.RecipientType.TO, "ana@example.com, rui@example.com");
                    message.setSubject("Offer " + i);
                    message.setText("Olá, offer " + i + "\n.dotted line", "UTF-8");
                    transport.sendMessage(message, message.getAllRecipients());
                }
            }
            String listing = get(sinks.mailUrl() + "/api/messages").body();
            assertThat(listing).contains("\"subject\":\"Offer 1\"", "\"subject\":\"Offer 2\"",
                    "\"subject\":\"Offer 3\"", "Olá, offer 3", ".dotted line", "ana@example.com, rui@example.com");
            try (var files = Files.list(dir.resolve("mail"))) {
                assertThat(files.map(f -> f.getFileName().toString()).sorted())
                        .containsExactly("000001.eml", "000002.eml", "000003.eml");
            }
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

    /** A raw SMTP connection: {@code send} writes lines (several at once when pipelined), {@code expect} one reply. */
    private static final class Smtp implements AutoCloseable {

        private final Socket socket;
        private final BufferedReader in;

        Smtp(int port) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        void send(String lines) throws Exception {
            socket.getOutputStream().write((lines + "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        /** The whole (possibly multi-line) reply, asserting its code. */
        String expect(String code) throws Exception {
            StringBuilder reply = new StringBuilder();
            String line = in.readLine();
            while (line != null && line.length() > 3 && line.charAt(3) == '-') {
                reply.append(line).append('\n');
                line = in.readLine();
            }
            reply.append(line);
            assertThat(line).as("reply to the last command: %s", reply).startsWith(code);
            return reply.toString();
        }

        @Override
        public void close() throws Exception {
            socket.close();
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
