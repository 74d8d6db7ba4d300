package io.omnijourney.console.adapter.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A page that says what went wrong and what to do, with the status that says it to machines. */
@ApplicationScoped
public class ProblemPage {

    private final Template template;

    public ProblemPage(@Location("problem.html") Template template) {
        this.template = template;
    }

    public Response render(Response.Status status, String title, String message) {
        String html = template.data("title", title).data("message", message).data("status", status.getStatusCode())
                .render();
        return Response.status(status).entity(html).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}
