package io.omnijourney.console.app;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.RequestScoped;

/**
 * The services, called as the signed-in user. A 401 means the key was revoked or rotated since sign-in: the session
 * ends and the user signs in again. A 403 is returned as it is (the page says the role does not allow it).
 */
@RequestScoped
public class Api {

    private final Upstream upstream;
    private final Caller caller;
    private final Sessions sessions;

    public Api(Upstream upstream, Caller caller, Sessions sessions) {
        this.upstream = upstream;
        this.caller = caller;
        this.sessions = sessions;
    }

    public Reply get(Service service, String pathAndQuery) {
        return call(service, "GET", pathAndQuery, null);
    }

    public Reply post(Service service, String path, JsonNode body) {
        return call(service, "POST", path, body);
    }

    public Reply put(Service service, String path, JsonNode body) {
        return call(service, "PUT", path, body);
    }

    public Reply patch(Service service, String path, JsonNode body) {
        return call(service, "PATCH", path, body);
    }

    public Reply delete(Service service, String path) {
        return call(service, "DELETE", path, null);
    }

    private Reply call(Service service, String method, String path, JsonNode body) {
        Session session = caller.session();
        Reply reply = upstream.call(session.apiKey(), service, method, path, body);
        if (reply.status() == 401) {
            sessions.close(session.id());
            throw new SignedOut(service.displayName() + " no longer accepts this key");
        }
        return reply;
    }
}
