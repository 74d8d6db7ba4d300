package io.omnijourney.contract.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The profile fields journeys and notifications need, as of the event that carries them.
 *
 * @param identifiers by type ({@code userId}, {@code anonymousId}, {@code email}, {@code phone}, {@code deviceId},
 *                    custom types), normalized
 * @param traits      current trait values (locale and timezone live here, as Segment puts them)
 * @param consent     by channel ({@code email}, {@code sms}, {@code whatsapp}, {@code push})
 * @param computed    computed traits: {@code orderCount}, {@code lifetimeRevenue}, {@code lastOrderAt},
 *                    {@code lastNps}, {@code lastCsat}, {@code lastCes}, {@code lastActivityAt}, ...
 * @param segments    ids of the segments the profile is a member of
 * @param version     orders the profile's states: it grows with every touchpoint applied to the profile (a merge adds
 *                    the absorbed profile's), so a consumer that keeps a copy can tell whether it has caught up with a
 *                    decision taken on a given snapshot (absent on events of older versions)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileSnapshot(
        Map<String, List<String>> identifiers,
        Map<String, Object> traits,
        Map<String, Consent> consent,
        Map<String, Object> computed,
        List<String> segments,
        Long version) {

    /** A snapshot without a version (tests, and events of older versions). */
    public ProfileSnapshot(Map<String, List<String>> identifiers, Map<String, Object> traits,
            Map<String, Consent> consent, Map<String, Object> computed, List<String> segments) {
        this(identifiers, traits, consent, computed, segments, null);
    }

    public ProfileSnapshot {
        identifiers = identifiers == null ? Map.of() : Map.copyOf(identifiers);
        traits = traits == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(traits));
        consent = consent == null ? Map.of() : Map.copyOf(consent);
        computed = computed == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(computed));
        segments = segments == null ? List.of() : List.copyOf(segments);
    }

    /**
     * Consent on one channel.
     *
     * @param status {@code subscribed}, {@code unsubscribed}, {@code bounced} (email, hard bounce) or
     *               {@code complained} (email, spam report)
     */
    public record Consent(String status, Instant updatedAt) {
    }
}
