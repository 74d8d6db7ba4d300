package io.omnijourney.notification.adapter.http;

import io.omnijourney.kit.messaging.Tracing;
import io.omnijourney.notification.domain.SendOutcome;
import io.opentelemetry.context.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP client for the providers. Redirects are never followed; a request may be pinned to an address resolved and
 * checked beforehand (webhooks), while the URL's host still names the server for the Host header, SNI and TLS
 * hostname verification. Called from the consumer's worker threads, never from an event loop. Each request carries
 * the caller's trace as a W3C {@code traceparent} header, so a provider's logs can be joined to ours.
 */
public class ProviderHttp {

    public record Answer(int status, Map<String, String> headers, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient client;

    private final io.vertx.core.Context context;

    /**
     * @param context     an event-loop context of its own, on which every request starts: called from the
     *                    consumer's workers (not Vert.x threads), each call would otherwise get a new context, and
     *                    about one request in a hundred stalled until its timeout
     * @param concurrency requests sent at once (the consumer's lanes): the connection pool follows it
     */
    public ProviderHttp(Vertx vertx, io.vertx.core.Context context, int concurrency) {
        // One kept-alive connection per concurrent request (per provider host), so that no send waits for a socket.
        // Vert.x's own tracing is off for these requests: it would add a second traceparent, of a new trace (the
        // caller's trace is not current on the event loop); this class sets the caller's.
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true)
                .setMaxPoolSize(Math.max(16, concurrency)).setVerifyHost(true)
                .setTracingPolicy(TracingPolicy.IGNORE));
        this.context = context;
    }

    /**
     * @param pinned the address to connect to, or null to let the URL's host be resolved
     * @throws Exception for anything that is not an HTTP answer (timeout, refused connection, TLS failure)
     */
    public Answer post(String url, InetAddress pinned, Map<String, String> headers, byte[] body, Duration timeout)
            throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setFollowRedirects(false).setTimeout(timeout.toMillis());
        if (pinned != null) {
            java.net.URI uri = java.net.URI.create(url);
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            options.setServer(SocketAddress.inetSocketAddress(port, pinned.getHostAddress()));
        }
        headers.forEach(options::addHeader);
        // Read on the caller's thread: the request itself runs on the event loop, where the trace is not current.
        String traceparent = Tracing.traceparent(Context.current());
        if (traceparent != null) {
            options.putHeader(Tracing.TRACEPARENT, traceparent);
        }
        java.util.concurrent.CompletableFuture<Answer> answer = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(ignored -> client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> new Answer(response.statusCode(),
                        Map.of("Retry-After", Optional.ofNullable(response.getHeader("Retry-After")).orElse(""),
                                "Location", Optional.ofNullable(response.getHeader("Location")).orElse("")),
                        b.toString())))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        answer.complete(result.result());
                    } else {
                        answer.completeExceptionally(result.cause());
                    }
                }));
        try {
            return answer.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The usual mapping of an HTTP answer: 2xx accepted, 408/429/5xx transient, 3xx and other 4xx permanent. */
    public static SendOutcome classify(String provider, Answer answer, String messageId, String detail) {
        if (answer.ok()) {
            return new SendOutcome.Accepted(provider, messageId);
        }
        String reason = "HTTP " + answer.status() + (detail == null || detail.isEmpty() ? "" : " " + detail);
        if (answer.status() >= 300 && answer.status() < 400) {
            return new SendOutcome.Permanent(provider, reason + ": redirects are not followed");
        }
        if (answer.status() == 408 || answer.status() == 429 || answer.status() >= 500) {
            return new SendOutcome.Transient(provider, reason, retryAfter(answer.headers().get("Retry-After")));
        }
        return new SendOutcome.Permanent(provider, reason);
    }

    public static SendOutcome failure(String provider, Exception e) {
        String kind = e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout") ? "timeout"
                : "connection failure";
        return new SendOutcome.Transient(provider, kind + ": " + e.getClass().getSimpleName(), Optional.empty());
    }

    /** Retry-After as seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException ignored) {
                return Optional.empty();
            }
        }
    }

    public void close() {
        client.close();
    }
}
