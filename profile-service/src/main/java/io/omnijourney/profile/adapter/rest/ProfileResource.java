package io.omnijourney.profile.adapter.rest;

import io.omnijourney.contract.identity.EmailAddresses;
import io.omnijourney.contract.identity.PhoneNumbers;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.profile.app.IdentityIndex;
import io.omnijourney.profile.app.ProfileSnapshots;
import io.omnijourney.profile.app.ProfileStore;
import io.omnijourney.profile.app.StoredProfile;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.IdentifierType;
import io.omnijourney.profile.domain.MergeRecord;
import io.omnijourney.profile.domain.Profile;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read access to unified profiles. A merged-away id or identifier answers with the profile it was merged into. */
@Path("/profiles")
@RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    private static final int MAX_REDIRECTS = 16;

    private final ProfileStore store;
    private final IdentityIndex index;

    public ProfileResource(ProfileStore store, IdentityIndex index) {
        this.store = store;
        this.index = index;
    }

    public record ProfileResponse(String id, Instant createdAt, List<String> mergedFrom, ProfileSnapshot profile,
            List<MergeRecord> merges) {

        static ProfileResponse of(Profile p) {
            return new ProfileResponse(p.id(), p.createdAt(),
                    p.merges().stream().map(MergeRecord::fromProfileId).toList(), ProfileSnapshots.of(p), p.merges());
        }
    }

    @GET
    @Path("{id}")
    public ProfileResponse get(@PathParam("id") String id) {
        return ProfileResponse.of(live(id).orElseThrow(() -> ApiException.notFound("profile '" + id + "'")));
    }

    /** {@code ?identifier=email:ana@example.com}, {@code phone:+351912345678}, {@code userId:...}, ... */
    @GET
    @Path("lookup")
    public ProfileResponse lookup(@QueryParam("identifier") String identifier) {
        Identifier parsed = parse(identifier);
        return index.owner(parsed).flatMap(entry -> live(entry.profileId()))
                .filter(p -> p.has(parsed))
                .map(ProfileResponse::of)
                .orElseThrow(() -> ApiException.notFound("profile with identifier '" + parsed.key() + "'"));
    }

    private Optional<Profile> live(String id) {
        String current = id;
        for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
            Optional<StoredProfile> stored = store.load(current);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            Profile profile = stored.get().profile();
            if (!profile.isMerged()) {
                return Optional.of(profile);
            }
            current = profile.mergedInto();
        }
        return Optional.empty();
    }

    private static Identifier parse(String identifier) {
        int colon = identifier == null ? -1 : identifier.indexOf(':');
        if (colon <= 0 || colon == identifier.length() - 1) {
            throw new ApiException(400, ErrorResponse.of("invalid request", "identifier",
                    "must be type:value, e.g. email:ana@example.com"));
        }
        String type = identifier.substring(0, colon);
        String value = identifier.substring(colon + 1);
        Optional<String> normalized = switch (type) {
            case IdentifierType.EMAIL -> EmailAddresses.normalize(value);
            case IdentifierType.PHONE -> PhoneNumbers.toE164(value);
            default -> Optional.of(value.trim()).filter(v -> !v.isEmpty());
        };
        return normalized.map(v -> Identifier.of(type, v)).orElseThrow(() -> new ApiException(400,
                ErrorResponse.of("invalid request", "identifier", "'" + value + "' is not a valid " + type)));
    }
}
