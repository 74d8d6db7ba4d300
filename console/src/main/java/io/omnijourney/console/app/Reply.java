package io.omnijourney.console.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** A service's answer: its status and JSON body (a missing node when it had none). */
public record Reply(int status, JsonNode body) {

    public Reply {
        body = body == null ? MissingNode.getInstance() : body;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The service's error message ({@code error} of its uniform error body), or the status. */
    public String error() {
        return body.path("error").asText("HTTP " + status);
    }

    /** Each problem the service named: {@code field} (a JSON pointer, a CEL position, a line) and {@code problem}. */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        body.path("details").forEach(d -> problems.add(new Problem(d.path("field").asText(""),
                d.path("problem").asText(d.toString()))));
        return problems;
    }

    public record Problem(String field, String problem) {
    }
}
