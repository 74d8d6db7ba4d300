package io.omnijourney.infra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The stand-ins a local run talks to instead of the outside world (child JVM side):
 *
 * <ul>
 *   <li>an SMTP server ({@link SmtpSink}) that accepts every message and writes it as received to an {@code .eml}
 *   file in {@code <dir>/mail} whose modification time is the instant it was received, listed at {@code http://localhost:<mail-http>/} and as JSON at {@code /api/messages};</li>
 *   <li>an HTTP server standing in for the SMS and push providers' APIs: every request is appended to
 *   {@code <dir>/providers/requests.jsonl} and answered the way the real API answers a success (Twilio-shaped
 *   {@code .../Messages.json}: 201 with a message {@code sid}; FCM-shaped {@code ...:send}: 200 with a message
 *   {@code name}), listed at {@code http://localhost:<providers>/} and as JSON at {@code /api/requests}.</li>
 * </ul>
 *
 * Everything is kept on disk, so a restart keeps what was received.
 */
final class LocalSinksServer {

    private final Path mailDir;
    private final Path providersLog;
    private final AtomicLong requestSequence = new AtomicLong();

    private LocalSinksServer(Path dir) throws IOException {
        this.mailDir = Files.createDirectories(dir.resolve("mail"));
        Path providers = Files.createDirectories(dir.resolve("providers"));
        this.providersLog = providers.resolve("requests.jsonl");
        if (Files.exists(providersLog)) {
            requestSequence.set(Files.readAllLines(providersLog).size());
        }
    }

    static void run(Path dir, int smtpPort, int mailHttpPort, int providersPort) throws Exception {
        LocalSinksServer sinks = new LocalSinksServer(dir);
        SmtpSink smtp = SmtpSink.start(sinks.mailDir, smtpPort);

        HttpServer mail = HttpServer.create(new InetSocketAddress("127.0.0.1", mailHttpPort), 0);
        mail.createContext("/", sinks::mailPage);
        mail.start();
        HttpServer providers = HttpServer.create(new InetSocketAddress("127.0.0.1", providersPort), 0);
        providers.createContext("/", sinks::providerRequest);
        providers.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mail.stop(0);
            providers.stop(0);
            try {
                smtp.close();
            } catch (IOException e) {
                System.err.println("could not close the SMTP server: " + e);
            }
        }, "sinks-shutdown"));
    }

    private void mailPage(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/messages/") && path.endsWith(".eml")) {
            Path file = mailDir.resolve(Path.of(path.substring("/messages/".length())).getFileName().toString());
            if (Files.exists(file)) {
                respond(exchange, 200, "message/rfc822", Files.readAllBytes(file));
            } else {
                respond(exchange, 404, "text/plain", "no such message".getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        List<String[]> messages = listMail();
        if (path.equals("/api/messages")) {
            StringBuilder json = new StringBuilder("[");
            for (String[] m : messages) {
                json.append(json.length() > 1 ? "," : "").append("{\"file\":").append(Json.quote(m[0]))
                        .append(",\"date\":").append(Json.quote(m[1])).append(",\"from\":").append(Json.quote(m[2]))
                        .append(",\"to\":").append(Json.quote(m[3])).append(",\"subject\":")
                        .append(Json.quote(m[4])).append(",\"text\":").append(Json.quote(m[5]))
                        .append(",\"received\":").append(Json.quote(m[6])).append('}');
            }
            respond(exchange, 200, "application/json", json.append(']').toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>OmniJourney local mail</title>"
                + "<h1>Mail received by the local SMTP server</h1><p>" + messages.size() + " messages in "
                + Html.escape(mailDir.toString()) + "</p><table border=1 cellpadding=4><tr><th>date<th>from<th>to"
                + "<th>subject</tr>");
        for (int i = messages.size() - 1; i >= 0; i--) {
            String[] m = messages.get(i);
            html.append("<tr><td>").append(Html.escape(m[1])).append("<td>").append(Html.escape(m[2])).append("<td>")
                    .append(Html.escape(m[3])).append("<td><a href=\"/messages/").append(m[0]).append("\">")
                    .append(Html.escape(m[4])).append("</a></tr>");
        }
        respond(exchange, 200, "text/html; charset=utf-8", html.append("</table>").toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * file, date, from, to, subject, plain text (or the HTML body when there is no plain part), received (when the
     * SMTP server took it), in file order (the order they were saved).
     */
    private List<String[]> listMail() throws IOException {
        List<String[]> list = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> stream = Files.list(mailDir)) {
            files = stream.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
        Session session = Session.getInstance(new Properties());
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage m = new MimeMessage(session, in);
                list.add(new String[] {file.getFileName().toString(),
                        m.getSentDate() == null ? "" : m.getSentDate().toInstant().toString(),
                        addresses(m.getFrom()), addresses(m.getAllRecipients()),
                        m.getSubject() == null ? "" : m.getSubject(), MailText.of(m),
                        Files.getLastModifiedTime(file).toInstant().toString()});
            } catch (Exception e) {
                list.add(new String[] {file.getFileName().toString(), "", "", "", "(unreadable: " + e + ")", "", ""});
            }
        }
        return list;
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : String.join(", ", Arrays.stream(addresses).map(Address::toString).toList());
    }

    private void providerRequest(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("GET")) {
            List<String> lines = Files.exists(providersLog) ? Files.readAllLines(providersLog) : List.of();
            if (path.equals("/api/requests")) {
                respond(exchange, 200, "application/json",
                        ("[" + String.join(",", lines) + "]").getBytes(StandardCharsets.UTF_8));
            } else {
                StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>OmniJourney local "
                        + "providers</title><h1>Requests received by the SMS and push provider stand-in</h1><pre>");
                for (int i = lines.size() - 1; i >= 0; i--) {
                    html.append(Html.escape(lines.get(i))).append('\n');
                }
                respond(exchange, 200, "text/html; charset=utf-8", html.append("</pre>").toString()
                        .getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        long n = requestSequence.incrementAndGet();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
        String line = "{\"n\":" + n + ",\"at\":" + Json.quote(Instant.now().toString()) + ",\"method\":"
                + Json.quote(method) + ",\"path\":" + Json.quote(exchange.getRequestURI().toString())
                + ",\"contentType\":" + Json.quote(contentType == null ? "" : contentType)
                + ",\"traceparent\":" + Json.quote(traceparent == null ? "" : traceparent) + ",\"body\":"
                + Json.quote(new String(body, StandardCharsets.UTF_8)) + "}";
        synchronized (this) {
            Files.writeString(providersLog, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        if (path.endsWith("/Messages.json")) {
            respond(exchange, 201, "application/json", ("{\"sid\":\"SM" + String.format("%032x", n)
                    + "\",\"status\":\"queued\"}").getBytes(StandardCharsets.UTF_8));
        } else if (path.endsWith(":send")) {
            respond(exchange, 200, "application/json", ("{\"name\":\"projects/local/messages/" + n + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            respond(exchange, 200, "application/json", ("{\"id\":\"" + n + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
