package io.omnijourney.console.adapter.web;

import io.omnijourney.console.app.Caller;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Renders a page with what every page needs: who is signed in, the CSRF token, the current section. */
@RequestScoped
public class Pages {

    private final Caller caller;

    public Pages(Caller caller) {
        this.caller = caller;
    }

    /** {@code template} with {@code viewer}, {@code csrf} and {@code section} set. */
    public TemplateInstance page(Template template, String section) {
        return template.data("viewer", caller.viewer()).data("csrf", caller.session().csrfToken())
                .data("section", section);
    }

    /** The page as a response with this status (a form shown again with its errors: 400). */
    public Response page(Template template, String section, Response.Status status, java.util.Map<String, ?> data) {
        TemplateInstance page = page(template, section);
        data.forEach(page::data);
        return Response.status(status).entity(page.render()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .build();
    }

    /** After a successful write: back to a page (POST, redirect, GET). */
    public static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
