package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.ingest.app.QrCodes;
import io.omnijourney.ingest.domain.qr.QrCode;
import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for a source's QR codes: create (target on one of the source's allowed origins), list, revoke. */
@Path("/admin/sources/{id}/qr-codes")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Sources", description = "Write keys and provider webhooks (admin role)")
@Produces(MediaType.APPLICATION_JSON)
public class QrCodeAdminResource {

    private final QrCodes codes;

    public QrCodeAdminResource(QrCodes codes) {
        this.codes = codes;
    }

    public record CreateQrCodeRequest(String name, String target, Map<String, Object> properties) {
    }

    /** {@code path} is what the printed code points at, under the service's public address. */
    public record QrCodeResponse(String id, String sourceId, String name, String target,
            Map<String, Object> properties, String path, Instant createdAt, Instant revokedAt) {

        static QrCodeResponse of(QrCode c) {
            return new QrCodeResponse(c.id(), c.sourceId(), c.name(), c.target(), c.properties(),
                    QrScanResource.PATH + "/" + c.id(), c.createdAt(), c.revokedAt());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a QR code of the source; scans go to target, which must be on an allowed origin")
    public Response create(@PathParam("id") String sourceId, CreateQrCodeRequest request) {
        if (request == null) {
            throw ApiException.badRequest("invalid request", List.of(new io.omnijourney.kit.rest.ErrorResponse
                    .FieldProblem("body", "a JSON object with name and target is required")));
        }
        QrCode code = codes.create(sourceId, request.name(), request.target(), request.properties());
        return Response.status(201).entity(QrCodeResponse.of(code)).build();
    }

    @GET
    @Operation(summary = "The source's QR codes, oldest first")
    public List<QrCodeResponse> list(@PathParam("id") String sourceId) {
        return codes.list(sourceId).stream().map(QrCodeResponse::of).toList();
    }

    @POST
    @Path("{codeId}/revoke")
    @Operation(summary = "Revoke a QR code: its scans answer 404 from then on")
    public QrCodeResponse revoke(@PathParam("id") String sourceId, @PathParam("codeId") String codeId) {
        return codes.revoke(sourceId, codeId).map(QrCodeResponse::of)
                .orElseThrow(() -> ApiException.notFound("QR code '" + codeId + "' of source '" + sourceId + "'"));
    }
}
