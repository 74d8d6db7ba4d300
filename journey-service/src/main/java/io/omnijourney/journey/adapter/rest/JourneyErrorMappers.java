package io.omnijourney.journey.adapter.rest;

import io.omnijourney.journey.app.JourneyException;
import io.omnijourney.journey.domain.InvalidDefinitionException;
import io.omnijourney.kit.rest.ErrorMappers;
import io.omnijourney.kit.rest.ErrorResponse;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** This service's domain exceptions, in the uniform error body. */
public class JourneyErrorMappers {

    @ServerExceptionMapper
    public Response invalidDefinition(InvalidDefinitionException e) {
        return ErrorMappers.json(400, new ErrorResponse("invalid journey definition", e.problems().stream()
                .map(p -> new ErrorResponse.FieldProblem(p.pointer().isEmpty() ? "/" : p.pointer(), p.problem()))
                .toList())).build();
    }

    @ServerExceptionMapper
    public Response journey(JourneyException e) {
        if (e.kind() == JourneyException.Kind.LIMIT) {
            return ErrorMappers.json(409, ErrorResponse.of("journey limit reached", "journeys", e.getMessage()))
                    .build();
        }
        int status = e.kind() == JourneyException.Kind.NOT_FOUND ? 404 : 409;
        return ErrorMappers.json(status, ErrorResponse.of(e.getMessage())).build();
    }
}
