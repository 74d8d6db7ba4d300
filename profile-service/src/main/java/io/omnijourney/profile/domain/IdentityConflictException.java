package io.omnijourney.profile.domain;

/**
 * Two profiles that belong to different known users were about to merge. Raised when the survivor gained a userId
 * after the merge was decided: the caller reopens the loser and decides again.
 */
public class IdentityConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String survivorId;
    private final String loserId;

    public IdentityConflictException(String survivorId, String loserId) {
        super("profiles " + survivorId + " and " + loserId + " have different userIds and never merge");
        this.survivorId = survivorId;
        this.loserId = loserId;
    }

    public String survivorId() {
        return survivorId;
    }

    public String loserId() {
        return loserId;
    }
}
