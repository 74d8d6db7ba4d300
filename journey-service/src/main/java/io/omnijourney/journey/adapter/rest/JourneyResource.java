package io.omnijourney.journey.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnijourney.contract.ContractJson;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.journey.app.JourneyCatalog;
import io.omnijourney.journey.app.JourneyException;
import io.omnijourney.journey.app.JourneyRuntime;
import io.omnijourney.journey.app.JourneyStats;
import io.omnijourney.journey.app.JourneyStatus;
import io.omnijourney.journey.app.JourneyVersion;
import io.omnijourney.journey.app.OutboxFlusher;
import io.omnijourney.journey.app.Pending;
import io.omnijourney.journey.app.ProfileCache;
import io.omnijourney.journey.app.ProfileViews;
import io.omnijourney.journey.app.Simulator;
import io.omnijourney.journey.app.StatsService;
import io.omnijourney.journey.app.StoredJourney;
import io.omnijourney.journey.app.TriggerIndex;
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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Journey definitions, their lifecycle, simulation, manual enrollment and statistics. */
@Path("/journeys")
@RolesAllowed({Roles.MARKETER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class JourneyResource {

    static final int MAX_ENROLLMENT = 10_000;

    private final JourneyCatalog catalog;
    private final StatsService stats;
    private final Simulator simulator;
    private final JourneyRuntime runtime;
    private final TriggerIndex index;
    private final ProfileCache profiles;
    private final OutboxFlusher flusher;
    private final Clock clock;

    public JourneyResource(JourneyCatalog catalog, StatsService stats, Simulator simulator, JourneyRuntime runtime,
            TriggerIndex index, ProfileCache profiles, OutboxFlusher flusher, Clock clock) {
        this.catalog = catalog;
        this.stats = stats;
        this.simulator = simulator;
        this.runtime = runtime;
        this.index = index;
        this.profiles = profiles;
        this.flusher = flusher;
        this.clock = clock;
    }

    public record JourneySummary(String id, String name, String status, int publishedVersion, Instant updatedAt) {
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
    public List<JourneySummary> list() {
        return catalog.list().stream().map(j -> new JourneySummary(j.id(), j.name(), j.status().wireName(),
                j.publishedVersion(), j.updatedAt())).toList();
    }

    @GET
    @Path("{id}")
    public JourneyResponse get(@PathParam("id") String id) {
        return JourneyResponse.of(catalog.get(id));
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
        if (request == null || ((request.profileIds() == null || request.profileIds().isEmpty())
                == (request.segmentId() == null || request.segmentId().isBlank()))) {
            throw ApiException.badRequest("invalid enrollment", List.of(new ErrorResponse.FieldProblem("profileIds",
                    "give either a non-empty profileIds list or a segmentId")));
        }
        StoredJourney journey = catalog.get(id);
        if (journey.status() != JourneyStatus.ACTIVE) {
            throw JourneyException.conflict("journey '" + id + "' is " + journey.status().wireName()
                    + ": only active journeys take enrollments");
        }
        TriggerIndex.Candidate candidate = new TriggerIndex.Candidate(id, journey.publishedVersion(), journey.name(),
                io.omnijourney.journey.app.DefinitionCache.parse(catalog.version(id, journey.publishedVersion())
                        .definitionJson()));
        List<String> targets = request.segmentId() != null && !request.segmentId().isBlank()
                ? profiles.membersOf(request.segmentId(), MAX_ENROLLMENT)
                : List.copyOf(new LinkedHashSet<>(request.profileIds()));
        if (targets.size() > MAX_ENROLLMENT) {
            throw ApiException.badRequest("invalid enrollment", List.of(new ErrorResponse.FieldProblem("profileIds",
                    "at most " + MAX_ENROLLMENT + " profiles per request")));
        }
        String enrollmentId = request.enrollmentId() == null || request.enrollmentId().isBlank()
                ? UUID.randomUUID().toString() : request.enrollmentId();
        List<Pending> pending = new ArrayList<>();
        Map<String, String> outcomes = runtime.enroll(candidate, targets, enrollmentId, pending);
        flusher.flush(pending);
        int started = (int) outcomes.values().stream().filter("started"::equals).count();
        return new EnrollmentResponse(enrollmentId, started, outcomes);
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
        Instant now = clock.instant();
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
        TouchpointEvent event = TouchpointEventBuilder.of(EventType.TRACK)
                .messageId(e.path("messageId").asText("simulation")).event(e.get("event").asText())
                .properties(properties).channel(channel).sourceId("simulation").timestamp(now).receivedAt(now)
                .build();
        ProfileSnapshot profile;
        if (request.profile() != null && request.profile().isObject()) {
            try {
                profile = ContractJson.decode(request.profile().toString()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), ProfileSnapshot.class);
            } catch (IllegalArgumentException invalid) {
                throw ApiException.badRequest("invalid simulation", List.of(new ErrorResponse.FieldProblem("profile",
                        "not a profile {identifiers, traits, consent, computed, segments}: " + invalid.getMessage())));
            }
        } else if (request.profileId() != null) {
            profile = profiles.find(request.profileId()).orElseThrow(() -> ApiException.notFound(
                    "profile '" + request.profileId() + "' (not seen by journey-service)"));
        } else {
            profile = ProfileViews.empty();
        }
        return simulator.simulate(event, profile, request.profileId());
    }

    private static JsonNode requireBody(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.badRequest("invalid journey definition",
                    List.of(new ErrorResponse.FieldProblem("/", "a JSON object is required")));
        }
        return body;
    }
}
