package io.omnijourney.journey.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.journey.app.StoredJourney;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.omnijourney.journey.domain.Condition;
import java.time.Instant;

/** A journey over REST: its lifecycle state and its current draft, as the marketer wrote it. */
/**
 * @param conditionStatus {@code ok}, or {@code over_budget} when an evaluation of a condition of the published version
 *                        was cut off by the run-time budget on this instance (it counted as not holding)
 * @param lastError       which condition and why, with {@code lastErrorAt}
 */
public record JourneyResponse(String id, String name, String status, int publishedVersion, JsonNode definition,
        Instant createdAt, Instant updatedAt, String conditionStatus, String lastError, Instant lastErrorAt) {

    static JourneyResponse of(StoredJourney j) {
        return of(j, java.util.Optional.empty());
    }

    static JourneyResponse of(StoredJourney j, java.util.Optional<Condition.OverBudget> overBudget) {
        return new JourneyResponse(j.id(), j.name(), j.status().wireName(), j.publishedVersion(), json(j.draftJson()),
                j.createdAt(), j.updatedAt(), overBudget.isPresent() ? "over_budget" : "ok",
                overBudget.map(o -> "condition '" + o.condition() + "' " + o.reason()).orElse(null),
                overBudget.map(Condition.OverBudget::at).orElse(null));
    }

    static JsonNode json(String text) {
        try {
            return TouchpointCodec.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
