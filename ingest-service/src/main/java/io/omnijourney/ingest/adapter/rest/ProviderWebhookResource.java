package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.ingest.app.WebhookService;
import io.omnijourney.ingest.domain.provider.TwilioStatusMapper;
import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.InvalidInputException;
import io.omnijourney.kit.security.ApiKeyAuthenticationMechanism;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Provider webhooks. Authenticated by the provider's signature (checked by the use case), hence {@code @PermitAll} at
 * the framework level. The body is read raw: signatures are computed over exactly what the provider sent.
 */
@Path("/v1/webhooks")
@PermitAll
@Tag(name = "Provider webhooks", description = "SendGrid Event Webhook, Twilio inbound SMS and WhatsApp")
public class ProviderWebhookResource {

    static final String SENDGRID_SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature";
    static final String SENDGRID_TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";
    static final String TWILIO_SIGNATURE = "X-Twilio-Signature";
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    private final WebhookService webhooks;
    private final RequestBodies bodies;
    private final Optional<String> publicBaseUrl;

    public ProviderWebhookResource(WebhookService webhooks, RequestBodies bodies, IngestConfig config) {
        this.webhooks = webhooks;
        this.bodies = bodies;
        this.publicBaseUrl = config.publicBaseUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    @POST
    @Path("sendgrid/{sourceId}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "SendGrid Event Webhook (signed): delivered, open, click, bounce, spamreport, unsubscribe")
    public SuccessResponse sendGrid(@PathParam("sourceId") String sourceId, byte[] body,
            @HeaderParam("Content-Encoding") String encoding, @HeaderParam(SENDGRID_SIGNATURE) String signature,
            @HeaderParam(SENDGRID_TIMESTAMP) String timestamp, @Context RoutingContext routing) {
        byte[] decoded = bodies.decode(body, encoding);
        webhooks.sendGrid(sourceId, decoded, bodies.parseJson(decoded), signature, timestamp,
                ApiKeyAuthenticationMechanism.clientAddress(routing));
        return SuccessResponse.OK;
    }

    @POST
    @Path("twilio/{sourceId}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_XML)
    @Operation(summary = "Twilio inbound SMS and WhatsApp webhook (signed); answers empty TwiML (no auto-reply)")
    public Response twilio(@PathParam("sourceId") String sourceId, byte[] body,
            @HeaderParam(TWILIO_SIGNATURE) String signature, @Context UriInfo uri, @Context RoutingContext routing) {
        Map<String, String> form = formParameters(bodies.decode(body, null));
        webhooks.twilioInbound(sourceId, signedUrl(uri), form, signature,
                ApiKeyAuthenticationMechanism.clientAddress(routing));
        return Response.ok(EMPTY_TWIML, MediaType.TEXT_XML_TYPE).build();
    }

    @POST
    @Path("twilio/{sourceId}/status")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Twilio status callback (signed) of a message notification-service sent")
    public Response twilioStatus(@PathParam("sourceId") String sourceId, @QueryParam("requestId") String requestId,
            @QueryParam("journeyId") String journeyId, @QueryParam("stepId") String stepId, byte[] body,
            @HeaderParam(TWILIO_SIGNATURE) String signature, @Context UriInfo uri, @Context RoutingContext routing) {
        Map<String, String> form = formParameters(bodies.decode(body, null));
        webhooks.twilioStatus(sourceId, signedUrl(uri), form,
                new TwilioStatusMapper.MessageRef(requestId, journeyId, stepId), signature,
                ApiKeyAuthenticationMechanism.clientAddress(routing));
        return Response.noContent().build();
    }

    /** The URL Twilio called and signed: the public address when configured, then path and query as received. */
    private String signedUrl(UriInfo uri) {
        return publicBaseUrl.map(base -> base + uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery()))
                .orElse(uri.getRequestUri().toString());
    }

    static Map<String, String> formParameters(byte[] body) {
        Map<String, String> params = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return params;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (params.putIfAbsent(name, value) != null) {
                    throw new InvalidInputException(name, "appears more than once");
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("body", "is not valid application/x-www-form-urlencoded data");
            }
        }
        return params;
    }
}
