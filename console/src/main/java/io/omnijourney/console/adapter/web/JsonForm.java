package io.omnijourney.console.adapter.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.console.app.Reply;
import java.util.List;
import java.util.Optional;

/** JSON typed into a form: parsed, or the problem at its line and column, in the services' problem shape. */
final class JsonForm {

    /** Text areas hold at most this much (journey-service takes definitions of up to 512 KB). */
    static final int MAX_CHARS = 512 * 1024;

    private JsonForm() {
    }

    /** The parsed value, or a problem for {@code field}. */
    static Parsed parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return new Parsed(null, Optional.of(new Reply.Problem(field, "required")));
        }
        if (text.length() > MAX_CHARS) {
            return new Parsed(null, Optional.of(new Reply.Problem(field, "too long: at most " + MAX_CHARS
                    + " characters")));
        }
        try {
            return new Parsed(Json.mapper().readTree(text), Optional.empty());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new Parsed(null, Optional.of(new Reply.Problem(field, "not valid JSON" + where + ": "
                    + e.getOriginalMessage())));
        }
    }

    record Parsed(JsonNode value, Optional<Reply.Problem> problem) {
        List<Reply.Problem> problems() {
            return problem.map(List::of).orElse(List.of());
        }
    }
}
