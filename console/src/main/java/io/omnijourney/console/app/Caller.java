package io.omnijourney.console.app;

import io.omnijourney.console.domain.Viewer;
import jakarta.enterprise.context.RequestScoped;

/** The session of the request being served (set by the session filter before any page runs). */
@RequestScoped
public class Caller {

    private Session session;

    public void set(Session session) {
        this.session = session;
    }

    public Session session() {
        if (session == null) {
            throw new SignedOut("not signed in");
        }
        return session;
    }

    public Viewer viewer() {
        return session().viewer();
    }

    /** Refuses a form without this session's CSRF token. */
    public void checkCsrf(String submitted) {
        if (!session().acceptsCsrf(submitted)) {
            throw new ForbiddenForm("the form's security token is missing or stale: reload the page and try again");
        }
    }
}
