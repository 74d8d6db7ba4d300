package io.omnijourney.profile.adapter.mongo;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.profile.app.StoredProfile;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.ProfileConfig;
import io.omnijourney.profile.domain.Resolution;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Profiles shaped like the profile benchmark's people: identified once with traits, then browsing on the web. */
final class TypicalProfiles {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final ProfileConfig CONFIG = ProfileConfig.defaults();

    private TypicalProfiles() {
    }

    /** A profile after an identify and {@code events - 1} product views. */
    static StoredProfile afterEvents(int events) {
        StoredProfile profile = StoredProfile.fresh(Profile.create("p-1", T0));
        TouchpointEvent identify = TouchpointEventBuilder.of(EventType.IDENTIFY)
                .traits(Map.of("email", "person1@example.com", "firstName", "Person1", "plan", "gold"))
                .messageId("m-identify").userId("user-1").anonymousId("anon-1").channel(Channel.WEB).sourceId("bench")
                .timestamp(T0).receivedAt(T0).build();
        profile = profile.next(profile.profile().apply(identify, new Resolution.CreateNew(
                List.of(Identifier.of("userId", "user-1"), Identifier.of("anonymousId", "anon-1"),
                        Identifier.of("email", "person1@example.com")), List.of()), CONFIG), "m-identify");
        for (int i = 1; i < events; i++) {
            profile = oneMoreProductView(profile);
        }
        return profile;
    }

    /** The state after one more product view, at the version it was read at (the store writes version + 1). */
    static StoredProfile oneMoreProductView(StoredProfile read) {
        long n = read.profile().eventCounters().values().stream().mapToLong(Long::longValue).sum();
        Instant at = T0.plusSeconds(60L * n);
        TouchpointEvent view = TouchpointEventBuilder.of(EventType.TRACK).event("Product Viewed")
                .properties(Map.of("product_id", "sku-" + n, "name", "Product " + n, "price", 5 + n))
                .messageId("m-view-" + n).userId("user-1").anonymousId("anon-1").channel(Channel.WEB)
                .sourceId("bench").timestamp(at).receivedAt(at).build();
        Profile after = read.profile().apply(view, new Resolution.AttachTo(read.id(), List.of(), List.of()), CONFIG);
        return read.next(after, view.messageId());
    }
}
