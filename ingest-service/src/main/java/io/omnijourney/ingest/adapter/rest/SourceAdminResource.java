package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.ingest.app.NewSource;
import io.omnijourney.ingest.app.SourceService;
import io.omnijourney.ingest.app.SourceWithKey;
import io.omnijourney.ingest.domain.InputProblem;
import io.omnijourney.ingest.domain.provider.SendGridSignature;
import io.omnijourney.ingest.domain.source.AllowedOrigins;
import io.omnijourney.ingest.domain.source.Source;
import io.omnijourney.ingest.domain.source.SourceKind;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse.FieldProblem;
import io.omnijourney.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for sources and their write keys. The plain key is shown once: on creation and on rotation. */
@Path("/admin/sources")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Sources", description = "Write keys and provider webhooks (admin role)")
@Produces(MediaType.APPLICATION_JSON)
public class SourceAdminResource {

    static final long MAX_GRACE_SECONDS = Duration.ofDays(7).toSeconds();

    private final SourceService sources;

    public SourceAdminResource(SourceService sources) {
        this.sources = sources;
    }

    public record CreateSourceRequest(String name, String channel, String kind, String verificationKey,
            Integer rateLimitPerSecond, List<String> allowedOrigins) {
    }

    /** What can be changed on an existing source. */
    public record UpdateSourceRequest(List<String> allowedOrigins) {
    }

    public record RotateKeyRequest(Long graceSeconds) {
    }

    public record SourceResponse(String id, String name, String channel, String kind, String status,
            String keyPrefix, Integer rateLimitPerSecond, List<String> allowedOrigins, Instant createdAt,
            Instant keyRotatedAt, Instant revokedAt, String writeKey, String webhookPath) {

        static SourceResponse of(Source s, String writeKey) {
            boolean webhook = s.kind().isWebhook();
            return new SourceResponse(s.id(), s.name(), s.channel().wireName(), s.kind().wireName(),
                    s.status().wireName(), webhook ? null : s.keyPrefix(), s.rateLimitPerSecond().orElse(null),
                    webhook ? null : s.allowedOrigins().entries(), s.createdAt(), s.keyRotatedAt(), s.revokedAt(),
                    writeKey, webhook ? "/v1/webhooks/" + s.kind().wireName() + "/" + s.id() : null);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a source; the answer holds its write key, shown only this once")
    public Response create(CreateSourceRequest request) {
        SourceWithKey created = sources.create(validated(request));
        boolean webhook = created.source().kind().isWebhook();
        return Response.status(201).entity(SourceResponse.of(created.source(), webhook ? null : created.writeKey()))
                .build();
    }

    @GET
    @Operation(summary = "List sources (no keys)")
    public List<SourceResponse> list() {
        return sources.list().stream().map(s -> SourceResponse.of(s, null)).toList();
    }

    @GET
    @Path("{id}")
    public SourceResponse get(@PathParam("id") String id) {
        return SourceResponse.of(sources.get(id), null);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a tracking source's allowed browser origins ('*' for any)")
    public SourceResponse update(@PathParam("id") String id, UpdateSourceRequest request) {
        if (request == null || request.allowedOrigins() == null) {
            throw ApiException.badRequest("invalid request", List.of(new FieldProblem("allowedOrigins",
                    "is required: a list of origins, or [\"*\"] for any")));
        }
        if (sources.get(id).kind().isWebhook()) {
            throw ApiException.badRequest("invalid request", List.of(new FieldProblem("allowedOrigins",
                    "only tracking sources are called from browsers")));
        }
        return SourceResponse.of(sources.updateAllowedOrigins(id, originsOf(request.allowedOrigins())), null);
    }

    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a new write key; the old one stays valid for graceSeconds (default 0)")
    public SourceResponse rotate(@PathParam("id") String id, RotateKeyRequest request) {
        long grace = request == null || request.graceSeconds() == null ? 0 : request.graceSeconds();
        if (grace < 0 || grace > MAX_GRACE_SECONDS) {
            throw ApiException.badRequest("invalid request", List.of(new FieldProblem("graceSeconds",
                    "must be between 0 and " + MAX_GRACE_SECONDS)));
        }
        SourceWithKey rotated = sources.rotate(id, Duration.ofSeconds(grace));
        return SourceResponse.of(rotated.source(), rotated.writeKey());
    }

    @POST
    @Path("{id}/revoke")
    @Operation(summary = "Revoke a source: its keys stop working at once")
    public SourceResponse revoke(@PathParam("id") String id) {
        return SourceResponse.of(sources.revoke(id), null);
    }

    private static NewSource validated(CreateSourceRequest request) {
        if (request == null) {
            throw ApiException.badRequest("invalid request", List.of(new FieldProblem("body",
                    "a JSON object with name and channel is required")));
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.name() == null || request.name().isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (request.name().length() > 100) {
            problems.add(new FieldProblem("name", "must be at most 100 characters"));
        }
        SourceKind kind = request.kind() == null ? SourceKind.TRACKING : SourceKind.parse(request.kind()).orElse(null);
        if (kind == null) {
            problems.add(new FieldProblem("kind", "must be one of " + wireNames(SourceKind.values())));
        }
        Channel channel = channelOf(request, kind, problems);
        Optional<String> verificationKey = verificationKeyOf(request, kind, problems);
        if (request.rateLimitPerSecond() != null
                && (request.rateLimitPerSecond() < 1 || request.rateLimitPerSecond() > 1_000_000)) {
            problems.add(new FieldProblem("rateLimitPerSecond", "must be between 1 and 1000000"));
        }
        Optional<AllowedOrigins> origins = Optional.empty();
        if (request.allowedOrigins() != null) {
            if (kind != null && kind.isWebhook()) {
                problems.add(new FieldProblem("allowedOrigins", "only tracking sources are called from browsers"));
            } else {
                origins = parseOrigins(request.allowedOrigins(), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid request", problems);
        }
        return new NewSource(request.name().trim(), channel, kind, verificationKey,
                Optional.ofNullable(request.rateLimitPerSecond()), origins);
    }

    private static AllowedOrigins originsOf(List<String> entries) {
        List<FieldProblem> problems = new ArrayList<>();
        Optional<AllowedOrigins> origins = parseOrigins(entries, problems);
        if (origins.isEmpty()) {
            throw ApiException.badRequest("invalid request", problems);
        }
        return origins.get();
    }

    private static Optional<AllowedOrigins> parseOrigins(List<String> entries, List<FieldProblem> problems) {
        List<InputProblem> found = new ArrayList<>();
        Optional<AllowedOrigins> origins = AllowedOrigins.parse(entries, found);
        found.forEach(p -> problems.add(new FieldProblem(p.field(), p.problem())));
        return origins;
    }

    private static Channel channelOf(CreateSourceRequest request, SourceKind kind, List<FieldProblem> problems) {
        Optional<Channel> fixed = kind == null ? Optional.empty() : kind.fixedChannel();
        if (request.channel() == null) {
            if (fixed.isEmpty()) {
                problems.add(new FieldProblem("channel", "is required: one of " + wireNames(Channel.values())));
            }
            return fixed.orElse(null);
        }
        Optional<Channel> channel = Channel.parse(request.channel());
        if (channel.isEmpty()) {
            problems.add(new FieldProblem("channel", "must be one of " + wireNames(Channel.values())));
        } else if (fixed.isPresent() && fixed.get() != channel.get()) {
            problems.add(new FieldProblem("channel", kind.wireName() + " sources are always on channel "
                    + fixed.get().wireName()));
        }
        return channel.orElse(null);
    }

    private static Optional<String> verificationKeyOf(CreateSourceRequest request, SourceKind kind,
            List<FieldProblem> problems) {
        String key = request.verificationKey();
        if (kind == null || !kind.isWebhook()) {
            if (key != null) {
                problems.add(new FieldProblem("verificationKey", "only provider webhook sources have one"));
            }
            return Optional.empty();
        }
        if (key == null || key.isBlank()) {
            problems.add(new FieldProblem("verificationKey", kind == SourceKind.SENDGRID
                    ? "is required: the signed event webhook's public key (base64)"
                    : "is required: the Twilio auth token"));
            return Optional.empty();
        }
        if (kind == SourceKind.SENDGRID) {
            try {
                SendGridSignature.parsePublicKey(key.trim());
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("verificationKey", e.getMessage()));
            }
        }
        return Optional.of(key.trim());
    }

    private static String wireNames(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
