package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Profiles in a known state, and the single-profile path of the application flow. */
final class ProfileFixtures {

    static final ProfileConfig CONFIG = ProfileConfig.defaults();

    private ProfileFixtures() {
    }

    static Identifier userId(String value) {
        return Identifier.of(IdentifierType.USER_ID, value);
    }

    static Identifier anonymousId(String value) {
        return Identifier.of(IdentifierType.ANONYMOUS_ID, value);
    }

    static Identifier email(String value) {
        return Identifier.of(IdentifierType.EMAIL, value);
    }

    static Identifier phone(String value) {
        return Identifier.of(IdentifierType.PHONE, value);
    }

    static Identifier deviceId(String value) {
        return Identifier.of(IdentifierType.DEVICE_ID, value);
    }

    /** A profile created at {@code createdAt} that owns exactly these identifiers. */
    static Profile owning(String id, Instant createdAt, Identifier... identifiers) {
        TouchpointEvent creation = TestEvents.page().at(createdAt).build();
        return Profile.create(id, createdAt)
                .apply(creation, new Resolution.CreateNew(Arrays.asList(identifiers), List.of()), CONFIG);
    }

    static Profile fresh() {
        return Profile.create("p-1", TestEvents.T0);
    }

    /** Decides as the application would when this profile is the only candidate owner, then applies. */
    static Profile applyAlone(Profile profile, TouchpointEvent event, ProfileConfig config) {
        ExtractedIdentity identity = Identifiers.extract(event, config.identity());
        List<Profile> owners = identity.lookupIdentifiers().stream().anyMatch(profile::has) ? List.of(profile) : List.of();
        return profile.apply(event, IdentityResolution.decide(owners, identity, config.identity()), config);
    }

    static Profile applyAll(Profile profile, TestEvents... events) {
        Profile current = profile;
        for (TestEvents event : events) {
            current = applyAlone(current, event.build(), CONFIG);
        }
        return current;
    }

    /** Applies events in order to a fresh profile for user {@code u-1}. */
    static Profile userProfile(TestEvents... events) {
        for (TestEvents event : events) {
            event.userId("u-1");
        }
        return applyAll(fresh(), events);
    }
}
