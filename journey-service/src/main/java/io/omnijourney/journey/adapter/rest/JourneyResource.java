package io.omnijourney.journey.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.journey.app.Enrollments;
import io.omnijourney.journey.app.JourneyCatalog;
import io.omnijourney.journey.app.JourneyStats;
import io.omnijourney.journey.app.JourneyVersion;
import io.omnijourney.journey.app.Simulator;
import io.omnijourney.journey.app.StatsService;
import io.omnijourney.journey.app.StoredJourney;
import io.omnijourney.journey.domain.JourneyDefinition;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Journey definitions, their lifecycle, simulation, manual enrollment and statistics. Analysts read (every GET);
 * marketers and admins also write.
 */
@Path("/journeys")
@RolesAllowed({Roles.MARKETER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class JourneyResource {

    private final JourneyCatalog catalog;
    private final StatsService stats;
    private final Simulator simulator;
    private final Enrollments enrollments;

    public JourneyResource(JourneyCatalog catalog, StatsService stats, Simulator simulator, Enrollments enrollments) {
        this.catalog = catalog;
        this.stats = stats;
        this.simulator = simulator;
        this.enrollments = enrollments;
    }

    /** A journey in the list, with its headline counts (summed over versions, as in its statistics). */
    public record JourneySummary(String id, String name, String status, int publishedVersion, Instant updatedAt,
            long entered, long active, long conversions) {
    }

    public record ValidationResponse(boolean valid, List<String> triggerKeys, List<String> steps) {
    }

    public record VersionResponse(String journeyId, int version, JsonNode definition, Instant publishedAt) {
    }

    public record EnrollmentRequest(List<String> profileIds, String segmentId, String enrollmentId) {
    }

    public record EnrollmentResponse(String enrollmentId, int started, Map<String, String> outcomes) {
    }

    public record SimulationRequest(JsonNode event, JsonNode profile, String profileId) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode definition) {
        StoredJourney created = catalog.create(requireBody(definition));
        return Response.status(201).entity(JourneyResponse.of(created))
                .header("Location", "/journeys/" + created.id()).build();
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
    public List<JourneySummary> list() {
        List<StoredJourney> journeys = catalog.list();
        Map<String, JourneyStats.Headline> counts = stats.headlines(journeys);
        return journeys.stream().map(j -> {
            JourneyStats.Headline c = counts.getOrDefault(j.id(), JourneyStats.Headline.NONE);
            return new JourneySummary(j.id(), j.name(), j.status().wireName(), j.publishedVersion(), j.updatedAt(),
                    c.entered(), c.active(), c.conversions());
        }).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
    public JourneyResponse get(@PathParam("id") String id) {
        StoredJourney journey = catalog.get(id);
        return JourneyResponse.of(journey, catalog.lastOverBudget(journey));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JourneyResponse update(@PathParam("id") String id, JsonNode definition) {
        return JourneyResponse.of(catalog.updateDraft(id, requireBody(definition)));
    }

    @POST
    @Path("validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public ValidationResponse validate(JsonNode definition) {
        JourneyDefinition parsed = catalog.validate(requireBody(definition));
        return new ValidationResponse(true, List.copyOf(new java.util.TreeSet<>(parsed.triggerKeys())),
                parsed.steps().stream().map(s -> s.id()).toList());
    }

    @POST
    @Path("{id}/publish")
    public JourneyResponse publish(@PathParam("id") String id) {
        return JourneyResponse.of(catalog.publish(id));
    }

    @POST
    @Path("{id}/pause")
    public JourneyResponse pause(@PathParam("id") String id) {
        return JourneyResponse.of(catalog.pause(id));
    }

    @POST
    @Path("{id}/resume")
    public JourneyResponse resume(@PathParam("id") String id) {
        return JourneyResponse.of(catalog.resume(id));
    }

    @POST
    @Path("{id}/archive")
    public JourneyResponse archive(@PathParam("id") String id) {
        return JourneyResponse.of(catalog.archive(id));
    }

    @GET
    @Path("{id}/versions/{version}")
    @RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
    public VersionResponse version(@PathParam("id") String id, @PathParam("version") int version) {
        JourneyVersion v = catalog.version(id, version);
        return new VersionResponse(v.journeyId(), v.version(), JourneyResponse.json(v.definitionJson()),
                v.publishedAt());
    }

    @GET
    @Path("{id}/stats")
    @RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
    public JourneyStats stats(@PathParam("id") String id) {
        return stats.stats(id);
    }

    /**
     * Starts the journey for the given profiles, or for every member of a segment among the profiles this service
     * has seen on {@code profile-events}. Entry rules and the audience apply; {@code enrollmentId} makes a retried
     * request start nothing twice.
     */
    @POST
    @Path("{id}/enrollments")
    @Consumes(MediaType.APPLICATION_JSON)
    public EnrollmentResponse enroll(@PathParam("id") String id, EnrollmentRequest request) {
        boolean bySegment = request != null && request.segmentId() != null && !request.segmentId().isBlank();
        boolean byIds = request != null && request.profileIds() != null && !request.profileIds().isEmpty();
        if (bySegment == byIds) {
            throw ApiException.badRequest("invalid enrollment", List.of(new ErrorResponse.FieldProblem("profileIds",
                    "give either a non-empty profileIds list or a segmentId")));
        }
        if (byIds && new LinkedHashSet<>(request.profileIds()).size() > Enrollments.MAX_PROFILES) {
            throw ApiException.badRequest("invalid enrollment", List.of(new ErrorResponse.FieldProblem("profileIds",
                    "at most " + Enrollments.MAX_PROFILES + " profiles per request")));
        }
        String enrollmentId = request.enrollmentId() == null || request.enrollmentId().isBlank() ? null
                : request.enrollmentId();
        Enrollments.Result result = enrollments.enroll(id, byIds ? request.profileIds() : null,
                bySegment ? request.segmentId() : null, enrollmentId);
        return new EnrollmentResponse(result.enrollmentId(), result.started(), result.outcomes());
    }

    /** Which active journeys the event would start for the profile, and each one's path to its first wait. */
    @POST
    @Path("simulate")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<Simulator.Simulation> simulate(SimulationRequest request) {
        if (request == null || request.event() == null || !request.event().isObject()
                || !request.event().path("event").isTextual()) {
            throw ApiException.badRequest("invalid simulation", List.of(new ErrorResponse.FieldProblem("event.event",
                    "required: the event name")));
        }
        JsonNode e = request.event();
        Channel channel = Channel.parse(e.path("channel").asText("web")).orElseThrow(() -> ApiException.badRequest(
                "invalid simulation", List.of(new ErrorResponse.FieldProblem("event.channel", "unknown channel"))));
        if (e.has("properties") && !e.get("properties").isObject()) {
            throw ApiException.badRequest("invalid simulation", List.of(new ErrorResponse.FieldProblem(
                    "event.properties", "must be an object")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = e.has("properties")
                ? TouchpointCodec.mapper().convertValue(e.get("properties"), Map.class) : Map.of();
        ProfileSnapshot profile = null;
        if (request.profile() != null && request.profile().isObject()) {
            try {
                profile = ContractJson.decode(request.profile().toString()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), ProfileSnapshot.class);
            } catch (IllegalArgumentException invalid) {
                throw ApiException.badRequest("invalid simulation", List.of(new ErrorResponse.FieldProblem("profile",
                        "not a profile {identifiers, traits, consent, computed, segments}: " + invalid.getMessage())));
            }
        }
        return simulator.simulate(new Simulator.SimulatedEvent(e.path("messageId").asText("simulation"),
                e.get("event").asText(), channel, properties), profile, request.profileId());
    }

    private static JsonNode requireBody(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.badRequest("invalid journey definition",
                    List.of(new ErrorResponse.FieldProblem("/", "a JSON object is required")));
        }
        return body;
    }
}
