package io.omnijourney.contract.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a record on {@code profile-events} reports. */
public enum ProfileEventKind {
    /** A touchpoint was applied to the profile: the event, with the profile as it is after it. */
    TOUCHPOINT,
    /** Another profile was merged into this one (the from-profile is now a redirect). */
    PROFILE_MERGED,
    SEGMENT_ENTERED,
    SEGMENT_EXITED,
    /** The profile was erased (GDPR): every service deletes what it holds of it. */
    PROFILE_ERASED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ProfileEventKind fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown kind '" + value + "'"));
    }

    public static Optional<ProfileEventKind> parse(String value) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(value)).findFirst();
    }
}
