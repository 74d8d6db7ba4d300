package io.omnijourney.profile.domain;

import java.util.Locale;

/** {@code BOUNCED} and {@code COMPLAINED} exist for email only: providers report them, people do not choose them. */
public enum ConsentStatus {
    SUBSCRIBED, UNSUBSCRIBED, BOUNCED, COMPLAINED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean allowsSending() {
        return this == SUBSCRIBED;
    }
}
