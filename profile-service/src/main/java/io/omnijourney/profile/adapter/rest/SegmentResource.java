package io.omnijourney.profile.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.rest.ErrorResponse.FieldProblem;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.profile.app.ProfileQueries;
import io.omnijourney.profile.domain.Segment;
import io.omnijourney.profile.segment.InvalidConditionException;
import io.omnijourney.profile.segment.SegmentAudience;
import io.omnijourney.profile.segment.SegmentCondition;
import io.omnijourney.profile.segment.SegmentException;
import io.omnijourney.profile.segment.SegmentService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Saved segments: CEL conditions over the profile. Marketers and admins manage them, analysts read them (a segment
 * can start a journey, so changing one is a marketer's act); entering and leaving one is published on
 * {@code profile-events} for journeys to trigger on.
 */
@Path("/segments")
@RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class SegmentResource {

    private static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 2000;
    private static final int DEFAULT_MEMBERS = 100;
    private static final int MAX_MEMBERS = 1000;

    private final SegmentService segments;
    private final ProfileQueries profiles;
    private final SegmentAudience audience;

    public SegmentResource(SegmentService segments, ProfileQueries profiles, SegmentAudience audience) {
        this.segments = segments;
        this.profiles = profiles;
        this.audience = audience;
    }

    /**
     * @param id       optional on create: derived from the name when absent
     * @param estimate validate only: also estimate how many profiles the condition matches now
     */
    public record SegmentRequest(String id, String name, String description, String condition, Boolean estimate) {
    }

    /**
     * @param status    {@code active}, or {@code over_budget} once an evaluation of this revision was cut off by the
     *                  run-time budget (that profile counted as not a member); saving the segment again clears it
     * @param lastError why it was flagged
     * @param members   how many profiles are members (as last evaluated), counted at {@code membersCountedAt}: a
     *                  count is answered again for up to {@code omnijourney.profile.segments.count-max-age}, and
     *                  taken again in the background once older
     */
    public record SegmentResponse(String id, String name, String description, String condition, Instant createdAt,
            Instant updatedAt, long revision, String status, String lastError, Instant lastErrorAt, long members,
            Instant membersCountedAt) {

        static SegmentResponse of(Segment s, SegmentAudience.Count count) {
            return new SegmentResponse(s.id(), s.name(), s.description(), s.condition(), s.createdAt(),
                    s.updatedAt(), s.revision(), s.status().name().toLowerCase(java.util.Locale.ROOT), s.lastError(),
                    s.lastErrorAt(), count == null ? 0 : count.members(), count == null ? null : count.countedAt());
        }
    }

    /** @param estimate present only when asked for */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ValidationResponse(boolean valid, SegmentAudience.Estimate estimate) {
    }

    /** @param nextAfter pass as {@code after} for the next page; absent on the last page */
    public record MembersPage(String segmentId, List<String> profileIds, String nextAfter) {
    }

    @GET
    public List<SegmentResponse> list() {
        List<Segment> all = segments.list();
        Map<String, SegmentAudience.Count> members = audience.memberCounts(all.stream().map(Segment::id).toList());
        return all.stream().map(s -> SegmentResponse.of(s, members.get(s.id()))).toList();
    }

    @GET
    @Path("{id}")
    public SegmentResponse get(@PathParam("id") String id) {
        Segment segment = segments.find(id).orElseThrow(() -> ApiException.notFound("segment '" + id + "'"));
        return SegmentResponse.of(segment, audience.memberCount(id));
    }

    @POST
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(SegmentRequest request) {
        SegmentRequest valid = validated(request, true);
        Segment created = call(() -> segments.create(valid.id(), valid.name(), valid.description(),
                valid.condition()));
        return Response.created(URI.create("/segments/" + created.id())).entity(SegmentResponse.of(created, null))
                .build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public SegmentResponse update(@PathParam("id") String id, SegmentRequest request) {
        SegmentRequest valid = validated(request, false);
        if (valid.id() != null && !valid.id().equals(id)) {
            throw ApiException.badRequest("invalid segment", List.of(new FieldProblem("id",
                    "differs from the id in the path; segment ids cannot change")));
        }
        Segment updated = call(() -> segments.update(id, valid.name(), valid.description(), valid.condition()));
        // Members change with the condition: the kept count no longer says anything.
        audience.forget(id);
        return SegmentResponse.of(updated, audience.memberCount(id));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.MARKETER, Roles.ADMIN})
    public Response delete(@PathParam("id") String id) {
        call(() -> {
            segments.delete(id);
            return null;
        });
        audience.forget(id);
        return Response.noContent().build();
    }

    /**
     * Compiles a condition without saving it: the same errors a save would give; with {@code "estimate": true}, also
     * how many profiles it would match now, from a bounded sample.
     */
    @POST
    @Path("validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public ValidationResponse validate(SegmentRequest request) {
        if (request == null) {
            throw ApiException.badRequest("invalid segment", List.of(new FieldProblem("condition", "is required")));
        }
        SegmentCondition compiled = compile(request.condition());
        if (!Boolean.TRUE.equals(request.estimate())) {
            return new ValidationResponse(true, null);
        }
        return new ValidationResponse(true, audience.estimate(compiled));
    }

    /** The profiles currently in the segment, by id, in pages. */
    @GET
    @Path("{id}/members")
    public MembersPage members(@PathParam("id") String id, @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? DEFAULT_MEMBERS : limit;
        if (size < 1 || size > MAX_MEMBERS) {
            throw ApiException.badRequest("invalid query", List.of(new FieldProblem("limit",
                    "must be between 1 and " + MAX_MEMBERS)));
        }
        if (segments.find(id).isEmpty()) {
            throw ApiException.notFound("segment '" + id + "'");
        }
        List<String> ids = profiles.segmentMembers(id, after, size + 1);
        boolean more = ids.size() > size;
        List<String> page = more ? ids.subList(0, size) : ids;
        return new MembersPage(id, page, more ? page.get(page.size() - 1) : null);
    }

    private SegmentRequest validated(SegmentRequest request, boolean creating) {
        if (request == null) {
            throw ApiException.badRequest("invalid segment", List.of(new FieldProblem("body", "is required")));
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.name() == null || request.name().isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (request.name().length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "at most " + MAX_NAME + " characters"));
        }
        if (request.description() != null && request.description().length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "at most " + MAX_DESCRIPTION + " characters"));
        }
        String id = request.id();
        if (creating && id == null && request.name() != null) {
            id = Segment.slugOf(request.name());
            if (id.isEmpty()) {
                problems.add(new FieldProblem("id", "is required when the name has no letters or digits"));
            }
        }
        if (id != null && !id.isEmpty() && !Segment.ID_PATTERN.matcher(id).matches()) {
            problems.add(new FieldProblem("id", "must be 1 to 64 of a-z, 0-9, '-' and '_', starting with a letter "
                    + "or digit"));
        }
        problems.addAll(conditionProblems(request.condition()));
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid segment", problems);
        }
        return new SegmentRequest(id, request.name().strip(), request.description(), request.condition(), null);
    }

    private static SegmentCondition compile(String condition) {
        try {
            return SegmentCondition.compile(condition);
        } catch (InvalidConditionException e) {
            throw ApiException.badRequest("invalid segment", problemsOf(e));
        }
    }

    private static List<FieldProblem> conditionProblems(String condition) {
        try {
            SegmentCondition.compile(condition);
            return List.of();
        } catch (InvalidConditionException e) {
            return problemsOf(e);
        }
    }

    private static List<FieldProblem> problemsOf(InvalidConditionException e) {
        return e.problems().stream().map(p -> new FieldProblem("condition", p.toString())).toList();
    }

    private static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (SegmentException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> ApiException.notFound(e.getMessage());
                case CONFLICT -> new ApiException(409, new ErrorResponse("conflict", List.of(new FieldProblem("id",
                        e.getMessage()))));
                case LIMIT -> new ApiException(409, new ErrorResponse("limit reached", List.of(
                        new FieldProblem("segments", e.getMessage()))));
            };
        }
    }
}
