package io.omnijourney.ingest.app;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.ingest.domain.source.AllowedOrigins;
import io.omnijourney.ingest.domain.source.SourceKind;
import java.util.Optional;

/**
 * What an admin asks for when creating a source (already validated at the edge).
 *
 * @param allowedOrigins empty: the channel's default ({@link AllowedOrigins#defaultFor})
 */
public record NewSource(String name, Channel channel, SourceKind kind, Optional<String> verificationKey,
        Optional<Integer> rateLimitPerSecond, Optional<AllowedOrigins> allowedOrigins) {
}
