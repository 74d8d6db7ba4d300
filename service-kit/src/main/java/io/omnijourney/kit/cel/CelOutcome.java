package io.omnijourney.kit.cel;

/** How one bounded evaluation ended. */
public sealed interface CelOutcome {

    /** The expression's value. */
    record Value(Object value) implements CelOutcome {
    }

    /** The expression failed on this data (a missing key not guarded by {@code has()}, a type mismatch). */
    record Failed(String message) implements CelOutcome {
    }

    /** Cut off: it needed more iterations, steps or time than one evaluation may take. */
    record OverBudget(String reason) implements CelOutcome {
    }

    /** True only for the boolean value {@code true}: a failure or a cut-off never holds. */
    default boolean holds() {
        return this instanceof Value v && Boolean.TRUE.equals(v.value());
    }
}
