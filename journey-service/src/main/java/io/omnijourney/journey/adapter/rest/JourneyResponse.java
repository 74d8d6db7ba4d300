package io.omnijourney.journey.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.journey.app.StoredJourney;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** A journey over REST: its lifecycle state and its current draft, as the marketer wrote it. */
public record JourneyResponse(String id, String name, String status, int publishedVersion, JsonNode definition,
        Instant createdAt, Instant updatedAt) {

    static JourneyResponse of(StoredJourney j) {
        return new JourneyResponse(j.id(), j.name(), j.status().wireName(), j.publishedVersion(), json(j.draftJson()),
                j.createdAt(), j.updatedAt());
    }

    static JsonNode json(String text) {
        try {
            return TouchpointCodec.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
