package io.omnijourney.profile.adapter.rest;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse.FieldProblem;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.profile.app.ProfileQueries;
import io.omnijourney.profile.domain.CxMetrics;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** NPS, CSAT and CES from {@code Survey Responded} touchpoints, over a time window and optionally one channel. */
@Path("/metrics/cx")
@RolesAllowed({Roles.ANALYST, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class CxMetricsResource {

    static final Duration MAX_WINDOW = Duration.ofDays(366);

    private final ProfileQueries profiles;

    public CxMetricsResource(ProfileQueries profiles) {
        this.profiles = profiles;
    }

    public record CxMetricsResponse(Instant from, Instant to, String channel, CxMetrics metrics) {
    }

    /** Defaults: the last 30 days, every channel. */
    @GET
    public CxMetricsResponse cx(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("channel") String channel) {
        List<FieldProblem> problems = new ArrayList<>();
        Instant end = QueryParams.instant("to", to, problems).orElseGet(Instant::now);
        Instant start = QueryParams.instant("from", from, problems).orElseGet(() -> end.minus(Duration.ofDays(30)));
        Optional<Channel> channelFilter = QueryParams.channel(channel, problems);
        if (problems.isEmpty() && !start.isBefore(end)) {
            problems.add(new FieldProblem("from", "must be before 'to'"));
        } else if (problems.isEmpty() && Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            problems.add(new FieldProblem("from", "the window may span at most 366 days"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid request", problems);
        }
        List<Map<String, Object>> answers = profiles.named(EventNames.SURVEY_RESPONDED, channelFilter, start, end)
                .stream().map(TouchpointEvent::properties).filter(Objects::nonNull).toList();
        return new CxMetricsResponse(start, end, channelFilter.map(Channel::wireName).orElse(null),
                CxMetrics.of(answers));
    }
}
