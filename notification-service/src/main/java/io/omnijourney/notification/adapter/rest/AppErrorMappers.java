package io.omnijourney.notification.adapter.rest;

import io.omnijourney.kit.rest.ErrorMappers;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.notification.app.InvalidTemplateException;
import io.omnijourney.notification.app.NotFoundException;
import io.omnijourney.notification.app.Surveys;
import io.omnijourney.notification.app.TemplateLimitException;
import io.omnijourney.notification.app.TemplateRefusedException;
import io.omnijourney.notification.app.TouchpointPublisher;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The application's exceptions as HTTP answers with the uniform error body. */
public class AppErrorMappers {

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return ErrorMappers.json(404, ErrorResponse.of(e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response invalidTemplate(InvalidTemplateException e) {
        return ErrorMappers.json(400, new ErrorResponse(e.getMessage(), e.problems().stream()
                .map(p -> new ErrorResponse.FieldProblem(p.field(), p.problem())).toList())).build();
    }

    @ServerExceptionMapper
    public Response templateRefused(TemplateRefusedException e) {
        int status = e.kind() == TemplateRefusedException.Kind.FORBIDDEN ? 403 : 409;
        String error = e.kind() == TemplateRefusedException.Kind.FORBIDDEN ? "forbidden" : "template limit reached";
        return ErrorMappers.json(status, ErrorResponse.of(error, e.field(), e.getMessage())).build();
    }

    /** A render (a preview's) that costs more than a message may, with the data given: 422 naming where it stopped. */
    @ServerExceptionMapper
    public Response renderOverBudget(TemplateLimitException e) {
        return ErrorMappers.json(422, ErrorResponse.of("render over budget", e.field() == null ? "template" : e.field(),
                e.limit() + ": " + e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response surveyLinkExpired(Surveys.ExpiredException e) {
        return ErrorMappers.json(410, ErrorResponse.of("gone", "token", "the survey link has expired")).build();
    }

    @ServerExceptionMapper
    public Response surveyCommentTooLong(Surveys.CommentTooLongException e) {
        return ErrorMappers.json(400, ErrorResponse.of("invalid request", "comment",
                "at most " + Surveys.MAX_COMMENT + " characters")).build();
    }

    @ServerExceptionMapper
    public Response brokerUnavailable(TouchpointPublisher.Unavailable e) {
        return ErrorMappers.json(503, ErrorResponse.of("Kafka is unavailable, try again later"))
                .header("Retry-After", "10").build();
    }
}
