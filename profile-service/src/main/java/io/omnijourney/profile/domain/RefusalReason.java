package io.omnijourney.profile.domain;

/** Why part of an event was not taken into the profile. */
public enum RefusalReason {
    INVALID_IDENTIFIER,
    INVALID_EMAIL,
    INVALID_PHONE,
    BLOCKED_VALUE,
    IDENTIFIER_LIMIT,
    ANONYMOUS_ID_EVICTED,
    CONFLICTING_USER_ID,
    MERGE_EXCEEDS_LIMIT,
    UNSAFE_TRAIT_KEY,
    TRAIT_VALUE_TOO_LONG,
    TRAIT_LIMIT,
    INVALID_CONSENT,
    SCORE_OUT_OF_RANGE,
    INVALID_AMOUNT,
    COUNTER_LIMIT
}
