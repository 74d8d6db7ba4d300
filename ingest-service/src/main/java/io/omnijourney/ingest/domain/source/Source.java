package io.omnijourney.ingest.domain.source;

import io.omnijourney.contract.touchpoint.Channel;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A place events come from: a website, an app, a store's POS, a provider webhook. The source fixes the channel of
 * everything it sends. Only hashes of write keys are kept.
 *
 * @param verificationKey for provider sources: what proves a webhook came from the provider (SendGrid's public
 *                        key, Twilio's auth token); empty for tracking sources
 * @param rateLimitPerSecond events per second this source may send; empty means the service default
 * @param allowedOrigins  the browser origins that may call the tracking API with this source's key (CORS)
 */
public record Source(
        String id,
        String name,
        Channel channel,
        SourceKind kind,
        SourceStatus status,
        Optional<String> verificationKey,
        Optional<Integer> rateLimitPerSecond,
        String keyPrefix,
        Instant createdAt,
        Instant keyRotatedAt,
        Instant revokedAt,
        AllowedOrigins allowedOrigins) {

    public Source {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        verificationKey = verificationKey == null ? Optional.empty() : verificationKey;
        rateLimitPerSecond = rateLimitPerSecond == null ? Optional.empty() : rateLimitPerSecond;
        allowedOrigins = allowedOrigins == null ? AllowedOrigins.defaultFor(channel) : allowedOrigins;
    }

    public Source withAllowedOrigins(AllowedOrigins origins) {
        return new Source(id, name, channel, kind, status, verificationKey, rateLimitPerSecond, keyPrefix, createdAt,
                keyRotatedAt, revokedAt, origins);
    }

    public boolean isActive() {
        return status == SourceStatus.ACTIVE;
    }
}
