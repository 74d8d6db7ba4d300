package io.omnijourney.journey.app;

/** Whether a profile may enter a journey now, and if not, why. */
public record EntryDecision(boolean allowed, String reason) {

    public static final EntryDecision ALLOWED = new EntryDecision(true, null);

    public static EntryDecision refused(String reason) {
        return new EntryDecision(false, reason);
    }
}
