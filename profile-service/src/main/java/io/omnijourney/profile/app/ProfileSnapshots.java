package io.omnijourney.profile.app;

import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.profile.domain.ChannelStats;
import io.omnijourney.profile.domain.ComputedTraits;
import io.omnijourney.profile.domain.LinkedIdentifier;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.PushToken;
import io.omnijourney.profile.domain.Score;
import io.omnijourney.profile.domain.SurveyScale;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The profile as other services see it: on {@code profile-events} and over REST. */
public final class ProfileSnapshots {

    /** The identifier type push addresses are listed under in the snapshot. */
    public static final String PUSH_TOKEN = "pushToken";

    private ProfileSnapshots() {
    }

    public static ProfileSnapshot of(Profile profile) {
        Map<String, List<String>> identifiers = new LinkedHashMap<>();
        for (LinkedIdentifier linked : profile.identifiers()) {
            identifiers.computeIfAbsent(linked.type(), t -> new ArrayList<>()).add(linked.value());
        }
        // Push addresses travel with the identifiers (newest first: notification-service sends to the first), though
        // they never link profiles.
        if (!profile.pushTokens().isEmpty()) {
            identifiers.put(PUSH_TOKEN, profile.pushTokens().stream().map(PushToken::token).toList());
        }
        Map<String, Object> traits = new LinkedHashMap<>();
        profile.traits().forEach((key, trait) -> {
            if (!trait.isCleared()) {
                traits.put(key, trait.value());
            }
        });
        Map<String, ProfileSnapshot.Consent> consent = new LinkedHashMap<>();
        profile.consent().forEach((channel, state) -> consent.put(channel.wireName(),
                new ProfileSnapshot.Consent(state.status().name().toLowerCase(java.util.Locale.ROOT),
                        state.updatedAt())));
        return new ProfileSnapshot(identifiers, traits, consent, computed(profile.computed()),
                List.copyOf(new TreeSet<>(profile.segments())), version(profile));
    }

    /**
     * The snapshot's version: the touchpoints applied to the profile (every event counts once on its channel; a merge
     * adds the absorbed profile's). It grows with every event, also between events of one poll applied in memory
     * before a single write, which the stored revision ({@link Profile#version()}, one per write) does not.
     */
    static long version(Profile profile) {
        return profile.channels().values().stream().mapToLong(ChannelStats::count).sum();
    }

    private static Map<String, Object> computed(ComputedTraits c) {
        Map<String, Object> computed = new LinkedHashMap<>();
        computed.put("orderCount", c.orderCount());
        computed.put("refundCount", c.refundCount());
        computed.put("lifetimeRevenue", c.lifetimeRevenue());
        putIfPresent(computed, "lastOrderAt", c.lastOrderAt());
        putIfPresent(computed, "lastActivityAt", c.lastActivityAt());
        for (SurveyScale scale : SurveyScale.values()) {
            Score score = c.lastScore(scale);
            if (score != null) {
                String name = "last" + scale.name().charAt(0) + scale.name().substring(1).toLowerCase(java.util.Locale.ROOT);
                computed.put(name, score.value());
                computed.put(name + "At", score.at());
            }
        }
        return computed;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
