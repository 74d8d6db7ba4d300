package io.omnijourney.profile.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Identity resolution rules.
 *
 * @param limits how many identifiers of each type one profile may hold; a type not listed gets
 *     {@link #DEFAULT_CUSTOM_LIMIT}. anonymousIds beyond the limit evict the oldest-linked ones; every other type
 *     refuses the newcomer, because an email or phone rotating out would silently re-route a person's events.
 * @param blockedValues values that never link or merge whatever their type, compared trimmed and lower-cased:
 *     placeholders that forms and SDKs send for everybody.
 * @param customIdentifierTraits trait names (in {@code traits} or {@code context.traits}) whose values identify a
 *     person, each its own identifier type.
 * @param phoneDefaultRegion the region (ISO 3166-1 alpha-2) national phone numbers are read in, or null: then only
 *     international numbers are accepted.
 */
public record IdentityConfig(Map<String, Integer> limits, Set<String> blockedValues, List<String> customIdentifierTraits,
        String phoneDefaultRegion) {

    public static final int DEFAULT_CUSTOM_LIMIT = 5;

    public static final Map<String, Integer> DEFAULT_LIMITS = Map.of(
            IdentifierType.USER_ID, 1,
            IdentifierType.EMAIL, 5,
            IdentifierType.PHONE, 5,
            IdentifierType.DEVICE_ID, 20,
            IdentifierType.ANONYMOUS_ID, 100);

    public static final Set<String> DEFAULT_BLOCKED_VALUES = Set.of(
            "test@example.com", "example@example.com", "noemail@example.com",
            "0000000000", "+0000000000", "1234567890",
            "00000000-0000-0000-0000-000000000000",
            "null", "undefined", "nil", "none", "unknown", "anonymous", "0", "-1");

    public IdentityConfig {
        limits = validLimits(limits);
        blockedValues = canonicalBlockList(blockedValues);
        customIdentifierTraits = validCustomTraits(customIdentifierTraits);
        if (phoneDefaultRegion != null) {
            phoneDefaultRegion = phoneDefaultRegion.strip().toUpperCase(Locale.ROOT);
            if (!IdentifierNormalizer.isPhoneRegion(phoneDefaultRegion)) {
                throw new IllegalArgumentException("phone default region '" + phoneDefaultRegion
                        + "' is not a region code (ISO 3166-1 alpha-2, for example PT or US)");
            }
        }
    }

    public static IdentityConfig defaults() {
        return new IdentityConfig(DEFAULT_LIMITS, DEFAULT_BLOCKED_VALUES, List.of(), null);
    }

    public IdentityConfig withLimit(String type, int limit) {
        Map<String, Integer> changed = new HashMap<>(limits);
        changed.put(type, limit);
        return new IdentityConfig(changed, blockedValues, customIdentifierTraits, phoneDefaultRegion);
    }

    public IdentityConfig withBlockedValues(Set<String> values) {
        return new IdentityConfig(limits, values, customIdentifierTraits, phoneDefaultRegion);
    }

    public IdentityConfig withCustomIdentifierTraits(List<String> traitNames) {
        return new IdentityConfig(limits, blockedValues, traitNames, phoneDefaultRegion);
    }

    public IdentityConfig withPhoneDefaultRegion(String region) {
        return new IdentityConfig(limits, blockedValues, customIdentifierTraits, region);
    }

    /** The phone number in E.164, national numbers read in the default region if there is one. */
    public Optional<String> phone(String raw) {
        return IdentifierNormalizer.phone(raw, phoneDefaultRegion);
    }

    public int limitFor(String type) {
        return limits.getOrDefault(type, DEFAULT_CUSTOM_LIMIT);
    }

    public boolean isBlocked(String value) {
        return value != null && blockedValues.contains(canonical(value));
    }

    private static String canonical(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Integer> validLimits(Map<String, Integer> limits) {
        Objects.requireNonNull(limits, "limits");
        Map<String, Integer> merged = new HashMap<>(DEFAULT_LIMITS);
        limits.forEach((type, limit) -> {
            if (limit == null || limit < 1) {
                throw new IllegalArgumentException("identifier limit for " + type + " must be at least 1");
            }
            merged.put(type, limit);
        });
        return Map.copyOf(merged);
    }

    private static Set<String> canonicalBlockList(Set<String> values) {
        Objects.requireNonNull(values, "blockedValues");
        Set<String> canonical = new LinkedHashSet<>();
        values.forEach(v -> canonical.add(canonical(v)));
        return Set.copyOf(canonical);
    }

    private static List<String> validCustomTraits(List<String> names) {
        Objects.requireNonNull(names, "customIdentifierTraits");
        List<String> valid = new ArrayList<>();
        for (String name : names) {
            if (name == null || name.isBlank() || name.indexOf(':') >= 0 || IdentifierType.isBuiltIn(name)) {
                throw new IllegalArgumentException("custom identifier trait must be a non-blank name free of ':' "
                        + "and distinct from the built-in types: '" + name + "'");
            }
            if (!valid.contains(name)) {
                valid.add(name);
            }
        }
        return List.copyOf(valid);
    }
}
