package io.omnijourney.profile.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which trait keys and values may enter a profile. Trait keys become field names in storage, where {@code $} starts
 * an operator, {@code .} walks into a sub-document and NUL ends a C string: such keys are refused, at any depth.
 */
final class TraitPolicy {

    private TraitPolicy() {
    }

    static boolean isSafeKey(String key) {
        return key != null && !key.isBlank() && !key.startsWith("$") && key.indexOf('.') < 0 && key.indexOf('\0') < 0;
    }

    static Optional<RefusalReason> check(String key, Object value, int maxStringLength) {
        if (!isSafeKey(key)) {
            return Optional.of(RefusalReason.UNSAFE_TRAIT_KEY);
        }
        return checkValue(value, maxStringLength);
    }

    private static Optional<RefusalReason> checkValue(Object value, int maxStringLength) {
        if (value instanceof String s) {
            return s.length() > maxStringLength ? Optional.of(RefusalReason.TRAIT_VALUE_TOO_LONG) : Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String nested) || !isSafeKey(nested)) {
                    return Optional.of(RefusalReason.UNSAFE_TRAIT_KEY);
                }
                Optional<RefusalReason> problem = checkValue(entry.getValue(), maxStringLength);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                Optional<RefusalReason> problem = checkValue(element, maxStringLength);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }
}
