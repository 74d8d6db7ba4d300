package io.omnijourney.console.app;

/** No session, or the services no longer accept its key (revoked or rotated): sign in again. */
public class SignedOut extends RuntimeException {

    public SignedOut(String reason) {
        super(reason);
    }
}
