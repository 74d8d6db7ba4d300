package io.omnijourney.profile.adapter.rest;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.kit.rest.ErrorResponse.FieldProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Optional query parameters shared by the read endpoints; a bad value is recorded as a problem of its field. */
final class QueryParams {

    private QueryParams() {
    }

    static Optional<Channel> channel(String value, List<FieldProblem> problems) {
        Optional<String> text = text(value);
        Optional<Channel> channel = text.flatMap(Channel::parse);
        if (text.isPresent() && channel.isEmpty()) {
            problems.add(new FieldProblem("channel", "unknown channel '" + text.get() + "'"));
        }
        return channel;
    }

    static Optional<Instant> instant(String field, String value, List<FieldProblem> problems) {
        try {
            return text(value).map(Instant::parse);
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "must be an ISO-8601 instant such as 2026-11-24T10:00:00Z"));
            return Optional.empty();
        }
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
