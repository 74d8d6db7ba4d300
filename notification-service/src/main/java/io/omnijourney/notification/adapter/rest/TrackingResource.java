package io.omnijourney.notification.adapter.rest;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.notification.app.Ledger;
import io.omnijourney.notification.app.LedgerEntry;
import io.omnijourney.notification.app.LinkStore;
import io.omnijourney.notification.app.OutcomeEvents;
import io.omnijourney.notification.app.TouchpointPublisher;
import io.omnijourney.notification.app.ProfileStates;
import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.ConsentPolicy;
import io.omnijourney.notification.domain.Signatures;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The links inside sent emails. Unauthenticated by necessity (a mail client follows them), so each carries an
 * HMAC-signed token minted at send time; a click redirects only to the URL recorded for that token.
 */
@Path("/t")
@PermitAll
public class TrackingResource {

    private static final Logger LOG = Logger.getLogger(TrackingResource.class);

    private final LinkStore links;
    private final Ledger ledger;
    private final ProfileStates profiles;
    private final TouchpointPublisher touchpoints;
    private final NotificationConfig config;
    private final Clock clock;

    public TrackingResource(LinkStore links, Ledger ledger, ProfileStates profiles, TouchpointPublisher touchpoints,
            NotificationConfig config, Clock clock) {
        this.links = links;
        this.ledger = ledger;
        this.profiles = profiles;
        this.touchpoints = touchpoints;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Redirects to the recorded URL and publishes {@code Email Clicked}. The redirect does not wait for the broker:
     * the reader's click matters more than the event (a publication failure is logged and counted as lost).
     */
    @GET
    @Path("c/{token}")
    public Response click(@PathParam("token") String token) {
        String linkId = Signatures.verifyToken(config.tracking().secret(), token)
                .orElseThrow(() -> ApiException.notFound("link"));
        LinkStore.TrackedLink link = links.find(linkId).orElseThrow(() -> ApiException.notFound("link"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("requestId", link.requestId());
        properties.put("profileId", link.profileId());
        properties.put("url", link.url());
        properties.put("linkIndex", Long.parseLong(linkId.substring(linkId.lastIndexOf(':') + 1)));
        if (link.templateId() != null) {
            properties.put("templateId", link.templateId());
        }
        if (link.journeyId() != null) {
            properties.put("journeyId", link.journeyId());
        }
        TouchpointEvent clicked = OutcomeEvents.engagement("click:" + UUID.randomUUID(), EventNames.EMAIL_CLICKED,
                Channel.EMAIL, properties, link.identity(), clock.instant());
        try {
            touchpoints.offer(clicked);
        } catch (RuntimeException e) {
            LOG.warnf("click event not published: %s", e.toString());
        }
        return Response.status(302).location(URI.create(link.url())).build();
    }

    /** A confirmation page: mail scanners fetch links, so a GET must not unsubscribe anyone. */
    @GET
    @Path("u/{token}")
    @Produces(MediaType.TEXT_HTML)
    public String unsubscribePage(@PathParam("token") String token) {
        requestOf(token);
        return "<!doctype html><html><body><form method=\"post\"><p>Stop receiving these emails?</p>"
                + "<button type=\"submit\">Unsubscribe</button></form></body></html>";
    }

    /** One-click unsubscribe (RFC 8058): marketing email stops at once, and profile-service hears of it. */
    @POST
    @Path("u/{token}")
    @Produces(MediaType.TEXT_HTML)
    public String unsubscribe(@PathParam("token") String token) {
        LedgerEntry entry = requestOf(token);
        Instant now = clock.instant();
        profiles.setConsent(entry.profileId(), "email", ConsentPolicy.UNSUBSCRIBED, now);
        // The identity recorded with the message's links, else the address it was sent to.
        Map<String, String> who = links.find(entry.requestId() + ":0").map(LinkStore.TrackedLink::identity)
                .orElseGet(() -> entry.address() == null ? Map.of() : Map.of("email", entry.address()));
        TouchpointEvent event = OutcomeEvents.engagement("unsubscribe:" + entry.requestId(), EventNames.UNSUBSCRIBED,
                Channel.EMAIL, Map.of("requestId", entry.requestId(), "profileId", entry.profileId(), "channel",
                        "email"), who, now);
        touchpoints.publish(event);
        return "<!doctype html><html><body><p>You are unsubscribed.</p></body></html>";
    }

    private LedgerEntry requestOf(String token) {
        String requestId = Signatures.verifyToken(config.tracking().secret(), token)
                .orElseThrow(() -> ApiException.notFound("link"));
        return ledger.find(requestId).orElseThrow(() -> ApiException.notFound("link"));
    }
}
