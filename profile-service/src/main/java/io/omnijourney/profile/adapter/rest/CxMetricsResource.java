package io.omnijourney.profile.adapter.rest;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse.FieldProblem;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.profile.app.ProfileQueries;
import io.omnijourney.profile.domain.CxMetrics;
import io.omnijourney.profile.domain.SupportResponseTimes;
import io.omnijourney.profile.domain.SurveyResponseRates;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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

    /**
     * The scores over the window, the same per channel the answers came on and per journey that asked
     * ({@code journeyId} of the answer, {@code none} for answers given outside a journey), and support's first-response
     * time over the tickets opened in the window.
     */
    public record CxMetricsResponse(Instant from, Instant to, String channel, CxMetrics metrics,
            Map<String, CxMetrics> byChannel, Map<String, CxMetrics> byJourney, SupportResponseTimes support,
            SurveyResponseRates responseRate) {
    }

    /** Replies count up to this long after the window, so that a ticket opened at its end can be answered. */
    static final Duration REPLY_GRACE = Duration.ofDays(30);

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
        List<TouchpointEvent> events = profiles.named(EventNames.SURVEY_RESPONDED, channelFilter, start, end);
        List<Map<String, Object>> answers = events.stream().map(TouchpointEvent::properties)
                .filter(Objects::nonNull).toList();
        Map<String, List<Map<String, Object>>> byChannel = new TreeMap<>();
        Map<String, List<Map<String, Object>>> byJourney = new TreeMap<>();
        for (TouchpointEvent e : events) {
            if (e.properties() == null) {
                continue;
            }
            byChannel.computeIfAbsent(e.channel().wireName(), k -> new ArrayList<>()).add(e.properties());
            Object journey = e.properties().get("journeyId");
            byJourney.computeIfAbsent(journey instanceof String j && !j.isBlank() ? j : "none",
                    k -> new ArrayList<>()).add(e.properties());
        }
        Instant replyEnd = end.plus(REPLY_GRACE);
        SupportResponseTimes support = SupportResponseTimes.of(
                tickets(profiles.named(SupportResponseTimes.TICKET_OPENED, channelFilter, start, end)),
                tickets(profiles.named(SupportResponseTimes.TICKET_REPLIED, channelFilter, start, replyEnd)));
        // Survey messages sent in the window (on the channel, if one is asked) and the answers to them, whenever and
        // however they came (a link in an email is answered on the web, an SMS by reply) up to the grace after it.
        Set<String> answered = new HashSet<>();
        for (TouchpointEvent e : profiles.named(EventNames.SURVEY_RESPONDED, Optional.empty(), start, replyEnd)) {
            if (e.properties() != null && e.properties().get("requestId") instanceof String requestId) {
                answered.add(requestId);
            }
        }
        SurveyResponseRates responseRate = SurveyResponseRates.of(profiles.surveySends(channelFilter, start, end)
                .stream().map(TouchpointEvent::properties).filter(Objects::nonNull).toList(), answered);
        return new CxMetricsResponse(start, end, channelFilter.map(Channel::wireName).orElse(null),
                CxMetrics.of(answers), metricsOf(byChannel), metricsOf(byJourney), support, responseRate);
    }

    private static Map<String, CxMetrics> metricsOf(Map<String, List<Map<String, Object>>> groups) {
        Map<String, CxMetrics> metrics = new LinkedHashMap<>();
        groups.forEach((key, answers) -> metrics.put(key, CxMetrics.of(answers)));
        return metrics;
    }

    private static List<SupportResponseTimes.TicketEvent> tickets(List<TouchpointEvent> events) {
        return events.stream().map(e -> new SupportResponseTimes.TicketEvent(e.properties() == null ? null
                : Objects.toString(e.properties().get(SupportResponseTimes.TICKET_ID), null), e.timestamp())).toList();
    }
}
