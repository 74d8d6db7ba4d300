package io.omnijourney.notification.adapter.rest;

import io.omnijourney.kit.rest.ApiException;
import io.omnijourney.kit.rest.ErrorResponse;
import io.omnijourney.kit.security.Roles;
import io.omnijourney.notification.app.Templates;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.SmsSegments;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.notification.domain.TemplateContent;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Templates per channel with locale variants ({@link Templates}: checked whole when saved, a syntax error is a 400
 * naming the part, line and column, and nothing is stored; a preview renders the stored template or a draft sent with
 * it, checked the same way and stored nowhere). Analysts read; marketers and admins write; only admins
 * mark a template transactional or change one so marked.
 */
@Path("/templates")
@RolesAllowed({Roles.MARKETER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TemplateResource {

    private final Templates templates;
    private final SecurityIdentity identity;

    public TemplateResource(Templates templates, SecurityIdentity identity) {
        this.templates = templates;
        this.identity = identity;
    }

    /**
     * @param url           the webhook target (webhook templates only)
     * @param transactional admins only: the content is transactional, so requests of category transactional may
     *                      use it (without the mark they are handled as marketing)
     */
    public record TemplateRequest(String defaultLocale, String url, Map<String, Templates.Parts> locales,
            Boolean transactional, String survey) {
    }

    public record SmsInfo(String encoding, int length, int segments) {
        static SmsInfo of(SmsSegments s) {
            return s == null ? null : new SmsInfo(s.encoding(), s.length(), s.segments());
        }
    }

    /** @param sms per locale, for SMS templates: length and segments of the template text itself */
    public record TemplateResponse(String templateId, String channel, String defaultLocale, String url,
            Map<String, Templates.Parts> locales, Map<String, SmsInfo> sms, Instant updatedAt,
            boolean transactional, String survey) {

        static TemplateResponse of(Template t) {
            Map<String, Templates.Parts> locales = new LinkedHashMap<>();
            Map<String, SmsInfo> sms = null;
            String url = null;
            for (Map.Entry<String, TemplateContent> e : t.locales().entrySet()) {
                TemplateContent c = e.getValue();
                if (c instanceof TemplateContent.Email m) {
                    locales.put(e.getKey(), new Templates.Parts(m.subject(), m.html(), m.text(), null, null, null));
                } else if (c instanceof TemplateContent.Sms s) {
                    locales.put(e.getKey(), new Templates.Parts(null, null, s.text(), null, null, null));
                    sms = sms == null ? new LinkedHashMap<>() : sms;
                    sms.put(e.getKey(), SmsInfo.of(SmsSegments.of(s.text())));
                } else if (c instanceof TemplateContent.WhatsApp w) {
                    locales.put(e.getKey(), new Templates.Parts(null, null, w.text(), null, null, null,
                            w.contentSid(), w.variables().isEmpty() ? null : w.variables()));
                } else if (c instanceof TemplateContent.Push p) {
                    locales.put(e.getKey(), new Templates.Parts(null, null, null, p.title(), p.body(), p.deepLink()));
                } else if (c instanceof TemplateContent.Inbox i) {
                    locales.put(e.getKey(), new Templates.Parts(null, null, null, i.title(), i.body(), i.deepLink()));
                } else if (c instanceof TemplateContent.Webhook w) {
                    locales.put(e.getKey(), new Templates.Parts(null, null, null, null, w.body(), null));
                    url = w.url();
                }
            }
            return new TemplateResponse(t.templateId(), t.channel().wireName(), t.defaultLocale(), url, locales, sms,
                    t.updatedAt(), t.transactional(), t.survey() == null ? null : t.survey().wireName());
        }
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
    public List<TemplateResponse> list() {
        return templates.list().stream().map(TemplateResponse::of).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
    public List<TemplateResponse> byId(@PathParam("id") String id) {
        return templates.byId(id).stream().map(TemplateResponse::of).toList();
    }

    @GET
    @Path("{id}/{channel}")
    @RolesAllowed({Roles.ANALYST, Roles.MARKETER, Roles.ADMIN})
    public TemplateResponse get(@PathParam("id") String id, @PathParam("channel") String channel) {
        return TemplateResponse.of(templates.get(id, channel(channel)));
    }

    @PUT
    @Path("{id}/{channel}")
    public TemplateResponse put(@PathParam("id") String id, @PathParam("channel") String channel,
            TemplateRequest request) {
        return TemplateResponse.of(templates.save(id, channel(channel), draft(request), editor()));
    }

    private static Templates.Draft draft(TemplateRequest request) {
        return request == null ? null : new Templates.Draft(request.defaultLocale(), request.url(), request.locales(),
                request.transactional(), request.survey());
    }

    @DELETE
    @Path("{id}/{channel}")
    public Response delete(@PathParam("id") String id, @PathParam("channel") String channel) {
        templates.delete(id, channel(channel), editor());
        return Response.noContent().build();
    }

    /**
     * @param profileId render with this service's copy of the profile (from profile-events) instead of sample data
     * @param template  an unsaved draft, in the shape of the PUT body, to render instead of the stored template:
     *                  checked as PUT checks it, stored nowhere
     */
    public record PreviewRequest(String locale, String profileId, Templates.Sample sample,
            TemplateRequest template) {
    }

    /** @param dataSource {@code profile} (the local copy of the profile) or {@code sample} */
    public record PreviewResponse(String templateId, String channel, String locale, String dataSource,
            Map<String, String> rendered, SmsInfo sms) {
    }

    @POST
    @Path("{id}/{channel}/preview")
    public PreviewResponse preview(@PathParam("id") String id, @PathParam("channel") String channel,
            PreviewRequest request) {
        PreviewRequest r = request == null ? new PreviewRequest(null, null, null, null) : request;
        Templates.Preview preview = templates.preview(id, channel(channel), draft(r.template()), r.locale(),
                r.profileId(), r.sample());
        return new PreviewResponse(preview.templateId(), preview.channel().wireName(), preview.locale(),
                preview.dataSource(), preview.rendered(), SmsInfo.of(preview.sms()));
    }

    private Templates.Editor editor() {
        return identity.hasRole(Roles.ADMIN) ? Templates.Editor.ADMIN : Templates.Editor.MARKETER;
    }

    private static MessageChannel channel(String name) {
        return MessageChannel.parse(name).orElseThrow(() -> ApiException.badRequest("invalid request",
                List.of(new ErrorResponse.FieldProblem("channel", "must be one of email, sms, whatsapp, push, webhook, inbox"))));
    }
}
