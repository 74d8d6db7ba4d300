package io.omnijourney.journey.app;

import java.time.Instant;

/** One published, immutable version of a journey; instances keep the version they entered. */
public record JourneyVersion(String journeyId, int version, String definitionJson, Instant publishedAt) {
}
