package io.omnijourney.kit.rest;

import java.util.List;
import java.util.Map;

/**
 * A client-facing failure with its HTTP status and uniform body. Domain exceptions are translated into this at the
 * REST edge (or mapped by their own mapper); it never carries a stack trace to the client.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient ErrorResponse body;
    private final transient Map<String, String> headers;

    public ApiException(int status, ErrorResponse body, Map<String, String> headers) {
        super(body.error(), null, false, false);
        this.status = status;
        this.body = body;
        this.headers = Map.copyOf(headers);
    }

    public ApiException(int status, ErrorResponse body) {
        this(status, body, Map.of());
    }

    public static ApiException badRequest(String error, List<ErrorResponse.FieldProblem> details) {
        return new ApiException(400, new ErrorResponse(error, details));
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, ErrorResponse.of(what + " not found"));
    }

    public int status() {
        return status;
    }

    public ErrorResponse body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
