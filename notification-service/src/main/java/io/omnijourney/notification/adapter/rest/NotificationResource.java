package io.omnijourney.notification.adapter.rest;

import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.notification.app.DeliveryLog;
import io.omnijourney.notification.app.LedgerEntry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The delivery ledger, read-only. Addresses are not shown: the ledger says what happened, not where it went. */
@Path("/notifications")
@RolesAllowed({Roles.ANALYST, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private static final int MAX_PAGE = 200;

    private final DeliveryLog log;

    public NotificationResource(DeliveryLog log) {
        this.log = log;
    }

    public record NotificationResponse(String requestId, String profileId, String journeyId, String stepId,
            String templateId, String category, String channel, String provider, String state, String reason,
            int attempts, String providerMessageId, String locale, String traceId, Instant createdAt,
            Instant updatedAt, java.util.Map<String, Instant> fates) {

        static NotificationResponse of(LedgerEntry e) {
            return new NotificationResponse(e.requestId(), e.profileId(), e.journeyId(), e.stepId(), e.templateId(),
                    e.category(), e.channel(), e.provider(), e.state().wireName(), e.reason(), e.attempts(),
                    e.providerMessageId(), e.locale(), e.traceId(), e.createdAt(), e.updatedAt(), e.fates());
        }
    }

    /** A profile's notifications, newest first. */
    @GET
    public List<NotificationResponse> byProfile(@QueryParam("profileId") String profileId,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : limit;
        List<ErrorResponse.FieldProblem> problems = new java.util.ArrayList<>();
        if (profileId == null || profileId.isBlank()) {
            problems.add(new ErrorResponse.FieldProblem("profileId", "required"));
        }
        if (size < 1 || size > MAX_PAGE) {
            problems.add(new ErrorResponse.FieldProblem("limit", "between 1 and " + MAX_PAGE));
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid request", problems);
        }
        return log.ofProfile(profileId, size).stream().map(NotificationResponse::of).toList();
    }

    @GET
    @Path("{requestId}")
    public NotificationResponse get(@PathParam("requestId") String requestId) {
        return NotificationResponse.of(log.get(requestId));
    }
}
