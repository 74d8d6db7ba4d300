package io.omnijourney.profile.adapter.rest;

import io.omnijourney.contract.identity.EmailAddresses;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.profile.app.ProfileAdministration;
import io.omnijourney.profile.app.ProfileQueries;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import io.omnijourney.profile.app.Erasures;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import io.omnijourney.profile.app.ProfileSnapshots;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.IdentifierType;
import io.omnijourney.profile.domain.IdentityConfig;
import io.omnijourney.profile.domain.ConsentChange;
import io.omnijourney.profile.domain.ConsentState;
import io.omnijourney.profile.domain.MergeRecord;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.ProfileConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read access to unified profiles. A merged-away id or identifier answers with the profile it was merged into. */
@Path("/profiles")
@RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 200;

    private final ProfileQueries profiles;
    private final ProfileAdministration administration;
    private final Erasures erasures;
    private final IdentityConfig identity;

    public ProfileResource(ProfileQueries profiles, ProfileAdministration administration, Erasures erasures,
            ProfileConfig config) {
        this.profiles = profiles;
        this.administration = administration;
        this.erasures = erasures;
        this.identity = config.identity();
    }

    /** @param consentHistory the changes of consent, oldest first (the newest 100) */
    public record ProfileResponse(String id, Instant createdAt, List<String> mergedFrom, ProfileSnapshot profile,
            List<MergeRecord> merges, List<ConsentChangeEntry> consentHistory) {

        static ProfileResponse of(Profile p) {
            return new ProfileResponse(p.id(), p.createdAt(),
                    p.merges().stream().map(MergeRecord::fromProfileId).toList(), ProfileSnapshots.of(p), p.merges(),
                    p.consentHistory().stream().map(ConsentChangeEntry::of).toList());
        }
    }

    /**
     * One change of consent.
     *
     * @param source     {@code client}, or the operator action: {@code admin_override}, {@code one_click_unsubscribe},
     *                   {@code provider_stop}, {@code provider_unsubscribe}, {@code provider_bounce},
     *                   {@code provider_complaint}, {@code service}
     * @param eventAt    the time the signal carried
     * @param receivedAt when it was received
     * @param orderedAt  its place in last-write-wins: a client's never after its receipt, an operator's at its receipt
     */
    public record ConsentChangeEntry(String channel, String status, String source, Instant eventAt,
            Instant receivedAt, Instant orderedAt, String messageId) {

        static ConsentChangeEntry of(ConsentChange c) {
            ConsentState s = c.state();
            return new ConsentChangeEntry(c.channel().wireName(), s.status().name().toLowerCase(java.util.Locale.ROOT),
                    s.source().wireName(), s.eventAt(), s.receivedAt(), s.updatedAt(), s.messageId());
        }
    }

    @GET
    @Path("{id}")
    public ProfileResponse get(@PathParam("id") String id) {
        return ProfileResponse.of(live(id));
    }

    /** One touchpoint on the timeline. */
    public record TimelineEntry(String messageId, Instant timestamp, String channel, String type, String event,
            String name, String sourceId, Map<String, Object> properties) {

        static TimelineEntry of(TouchpointEvent e) {
            return new TimelineEntry(e.messageId(), e.timestamp(), e.channel().wireName(), e.type().wireName(),
                    e.event(), e.name(), e.sourceId(), e.properties());
        }
    }

    /** @param nextBefore pass as {@code before} to get the next (older) page; absent on the last page */
    public record TimelinePage(String profileId, List<TimelineEntry> items, Instant nextBefore) {
    }

    /**
     * Every touchpoint of the profile (and of the profiles merged into it), newest first: the call-center agent sees
     * the web order, the store clerk sees the wishlist.
     */
    @GET
    @Path("{id}/timeline")
    public TimelinePage timeline(@PathParam("id") String id, @QueryParam("channel") String channel,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("before") String before,
            @QueryParam("limit") Integer limit) {
        List<ErrorResponse.FieldProblem> problems = new ArrayList<>();
        Optional<Channel> channelFilter = QueryParams.channel(channel, problems);
        Optional<Instant> fromTime = QueryParams.instant("from", from, problems);
        Optional<Instant> toTime = QueryParams.instant("to", to, problems);
        Optional<Instant> beforeTime = QueryParams.instant("before", before, problems);
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            problems.add(new ErrorResponse.FieldProblem("limit", "must be between 1 and " + MAX_PAGE));
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid request", problems);
        }
        Profile profile = live(id);
        List<TouchpointEvent> events = profiles.timeline(profile, channelFilter, fromTime, toTime, beforeTime, size);
        Instant next = events.size() == size ? events.get(events.size() - 1).timestamp() : null;
        return new TimelinePage(profile.id(), events.stream().map(TimelineEntry::of).toList(), next);
    }

    /**
     * GDPR erasure, recorded before anything is deleted: 202 with the erasure request. The profile, the profiles merged
     * into it, their identifiers and their timeline are purged; the identifiers are suppressed (as keyed hashes) so
     * new events carrying them are dropped; {@code profile_erased} is published through an outbox until the broker
     * takes it, so that the other services purge their copies and acknowledge. Asking again for the same person (or
     * for a profile merged into them), also once they are gone, answers the same request; its progress is at
     * {@code GET /erasures/{erasureId}}.
     */
    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response erase(@PathParam("id") String id) {
        ErasureResponse erasure = erasures.request(id).map(ErasureResponse::of)
                .orElseThrow(() -> ApiException.notFound("profile '" + id + "'"));
        return Response.accepted(erasure).location(URI.create(erasure.statusUrl())).build();
    }

    /** @param mergedInto set when the id asked for was merged away: the history is the survivor's */
    public record MergeHistory(String profileId, String mergedInto, List<MergeRecord> merges) {
    }

    /** Every merge that made this profile: when, which event, which identifiers linked them, from which profile. */
    @GET
    @Path("{id}/merges")
    public MergeHistory merges(@PathParam("id") String id) {
        Profile profile = live(id);
        return new MergeHistory(id, profile.id().equals(id) ? null : profile.id(), profile.merges());
    }

    /**
     * @param channel {@code email}, {@code sms}, {@code whatsapp} or {@code push}
     * @param status  {@code subscribed} or {@code unsubscribed} (bounces and complaints come from providers only)
     * @param reason  free text kept on the timeline, e.g. "asked on the phone"
     */
    public record ConsentRequest(String channel, String status, String reason) {
    }

    /**
     * An operator's consent override. Recorded as a {@code Resubscribed} or {@code Unsubscribed} touchpoint on the
     * {@code system} channel, so it takes part in last-write-wins, shows on the timeline and reaches every consumer
     * of {@code profile-events}. With an {@code Idempotency-Key} header, repeating the request changes nothing.
     */
    @PUT
    @Path("{id}/consent")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public ProfileResponse updateConsent(@PathParam("id") String id, ConsentRequest request,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Context SecurityContext security) {
        TouchpointEvent event = ConsentChanges.toEvent(id, request, idempotencyKey,
                security.getUserPrincipal() == null ? "unknown" : security.getUserPrincipal().getName());
        return ProfileResponse.of(administration.changeConsent(id, event)
                .orElseThrow(() -> ApiException.notFound("profile '" + id + "'")));
    }

    /**
     * {@code ?identifier=email:ana@example.com}, {@code phone:+351912345678} (or a national number in the default
     * region, {@code phone:912345678}), {@code userId:...}, ...
     */
    @GET
    @Path("lookup")
    public ProfileResponse lookup(@QueryParam("identifier") String identifier) {
        Identifier parsed = parse(identifier);
        return profiles.byIdentifier(parsed)
                .map(ProfileResponse::of)
                .orElseThrow(() -> ApiException.notFound("profile with identifier '" + parsed.key() + "'"));
    }

    /**
     * {@code ?identifier=phone:912345678}: who is calling, for an IVR or an agent's screen-pop (name, addresses,
     * consent, orders and the last three of them, last survey scores, last seen); 404 when nobody has the identifier.
     */
    @GET
    @Path("summary")
    public ProfileSummary summary(@QueryParam("identifier") String identifier) {
        Identifier parsed = parse(identifier);
        Profile profile = profiles.byIdentifier(parsed)
                .orElseThrow(() -> ApiException.notFound("profile with identifier '" + parsed.key() + "'"));
        List<TouchpointEvent> recent = profiles.timeline(profile, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), ProfileSummary.TIMELINE_READ);
        return ProfileSummary.of(profile.id(), ProfileSnapshots.of(profile), recent);
    }

    private Profile live(String id) {
        return profiles.live(id).orElseThrow(() -> ApiException.notFound("profile '" + id + "'"));
    }

    private Identifier parse(String identifier) {
        int colon = identifier == null ? -1 : identifier.indexOf(':');
        if (colon <= 0 || colon == identifier.length() - 1) {
            throw new ApiException(400, ErrorResponse.of("invalid request", "identifier",
                    "must be type:value, e.g. email:ana@example.com"));
        }
        String type = identifier.substring(0, colon);
        String value = identifier.substring(colon + 1);
        Optional<String> normalized = switch (type) {
            case IdentifierType.EMAIL -> EmailAddresses.normalize(value);
            case IdentifierType.PHONE -> identity.phone(value);
            default -> Optional.of(value.trim()).filter(v -> !v.isEmpty());
        };
        return normalized.map(v -> Identifier.of(type, v)).orElseThrow(() -> new ApiException(400,
                ErrorResponse.of("invalid request", "identifier", "'" + value + "' is not a valid " + type)));
    }
}
