package io.omnijourney.ingest.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.app.IngestMetrics.RejectReason;
import io.omnijourney.ingest.domain.InvalidInputException;
import io.omnijourney.ingest.domain.provider.SendGridEventMapper;
import io.omnijourney.ingest.domain.provider.SendGridMapping;
import io.omnijourney.ingest.domain.provider.SendGridSignature;
import io.omnijourney.ingest.domain.provider.TwilioInboundMessageMapper;
import io.omnijourney.ingest.domain.provider.TwilioSignature;
import io.omnijourney.ingest.domain.provider.TwilioStatusMapper;
import io.omnijourney.ingest.domain.provider.WebhookFreshness;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.source.Source;
import io.omnijourney.ingest.domain.source.SourceKind;
import io.omnijourney.kit.security.AuthFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provider webhooks: verify that the provider sent it, map its payload to canonical touchpoints, publish them.
 * Event ids are derived from the provider's own ids, so a provider's retry is deduplicated downstream.
 */
@ApplicationScoped
public class WebhookService {

    private final SourceService sources;
    private final TrackingService tracking;
    private final RateLimits rateLimits;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final WebhookFreshness freshness;
    private final AuthFailures authFailures;

    /** The header of SendGrid's signed timestamp (named in the refusal). */
    public static final String SENDGRID_TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";

    public WebhookService(SourceService sources, TrackingService tracking, RateLimits rateLimits,
            IngestMetrics metrics, Clock clock, IngestConfig config, AuthFailures authFailures) {
        this.authFailures = authFailures;
        this.freshness = new WebhookFreshness(config.webhooks().maxAge(), config.webhooks().maxAhead());
        this.sources = sources;
        this.tracking = tracking;
        this.rateLimits = rateLimits;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** SendGrid's signed Event Webhook: ECDSA over the timestamp header followed by the raw body. */
    public int sendGrid(String sourceId, byte[] rawBody, JsonNode payload, String signature, String timestamp,
            String client) {
        authFailures.checkAllowed(client);
        Source source = sources.webhookSource(sourceId, SourceKind.SENDGRID);
        String key = source.verificationKey().orElseThrow();
        if (!SendGridSignature.verify(key, signature, timestamp, rawBody)) {
            throw unauthenticated(source, client, "signature does not verify");
        }
        // Signed by SendGrid, but when? A captured request replayed later verifies just as well.
        freshness.problem(timestamp, clock.instant()).ifPresent(problem -> {
            metrics.rejected(source.id(), source.channel().wireName(), RejectReason.REPLAYED, 1);
            throw new StaleWebhookException(SENDGRID_TIMESTAMP, problem);
        });
        SendGridMapping mapping = mapped(source, () -> SendGridEventMapper.map(payload, source.id(), clock.instant(),
                tracking.clientTimeWindow()));
        if (mapping.ignored() > 0) {
            metrics.ignored(source.id(), source.channel().wireName(), mapping.ignored());
        }
        publish(source, mapping.events());
        return mapping.events().size();
    }

    /** Twilio's inbound SMS and WhatsApp webhook: HMAC-SHA1 of the URL Twilio called and the sorted form parameters. */
    public int twilioInbound(String sourceId, String url, Map<String, String> form, String signature, String client) {
        authFailures.checkAllowed(client);
        Source source = sources.webhookSource(sourceId, SourceKind.TWILIO);
        String authToken = source.verificationKey().orElseThrow();
        if (!TwilioSignature.verify(authToken, url, form, signature)) {
            throw unauthenticated(source, client, "signature does not verify");
        }
        List<TouchpointEvent> events = mapped(source,
                () -> TwilioInboundMessageMapper.map(form, source.id(), clock.instant()));
        publish(source, events);
        return events.size();
    }

    /**
     * Twilio's status callback of a message notification-service sent: the same signature as inbound messages (the
     * callback URL, with its {@code requestId}, {@code journeyId} and {@code stepId}, and the sorted form parameters). Returns the touchpoints published
     * (none for an intermediate status).
     */
    public int twilioStatus(String sourceId, String url, Map<String, String> form, TwilioStatusMapper.MessageRef ref,
            String signature, String client) {
        authFailures.checkAllowed(client);
        Source source = sources.webhookSource(sourceId, SourceKind.TWILIO);
        if (!TwilioSignature.verify(source.verificationKey().orElseThrow(), url, form, signature)) {
            throw unauthenticated(source, client, "signature does not verify");
        }
        Optional<TouchpointEvent> event = mapped(source,
                () -> TwilioStatusMapper.map(form, ref, source.id(), clock.instant()));
        if (event.isEmpty()) {
            metrics.ignored(source.id(), source.channel().wireName(), 1);
            return 0;
        }
        publish(source, List.of(event.get()));
        return 1;
    }

    private void publish(Source source, List<TouchpointEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            rateLimits.acquire(source, events.size());
        } catch (RateLimitedException e) {
            metrics.rejected(source.id(), source.channel().wireName(), RejectReason.RATE_LIMITED, events.size());
            throw e;
        }
        tracking.publish(source, events);
    }

    private <T> T mapped(Source source, java.util.function.Supplier<T> mapping) {
        try {
            return mapping.get();
        } catch (InvalidInputException e) {
            metrics.rejected(source.id(), source.channel().wireName(), RejectReason.INVALID, 1);
            throw e;
        }
    }

    private AuthenticationRejectedException unauthenticated(Source source, String client, String why) {
        authFailures.failed(client);
        metrics.rejected(source.id(), source.channel().wireName(), RejectReason.UNAUTHENTICATED, 1);
        return new AuthenticationRejectedException(why);
    }
}
