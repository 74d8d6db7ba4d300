package io.omnijourney.journey.adapter.rest;

import io.omnijourney.journey.app.ProfileJourneys;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** A profile's journeys: the ones it is in ({@code ?all=true}: also the ones that ended), newest first, at most 50. */
@Path("/profiles/{profileId}/journeys")
@RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ProfileJourneysResource {

    private static final int MAX_PROFILE_ID = 128;

    private final ProfileJourneys journeys;

    public ProfileJourneysResource(ProfileJourneys journeys) {
        this.journeys = journeys;
    }

    @GET
    public List<ProfileJourneys.ProfileJourney> list(@PathParam("profileId") String profileId,
            @QueryParam("all") boolean all) {
        if (profileId.length() > MAX_PROFILE_ID) {
            throw ApiException.badRequest("invalid request", List.of(new ErrorResponse.FieldProblem("profileId",
                    "at most " + MAX_PROFILE_ID + " characters")));
        }
        return journeys.of(profileId, all);
    }
}
