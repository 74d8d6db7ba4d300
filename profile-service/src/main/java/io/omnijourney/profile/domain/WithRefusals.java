package io.omnijourney.profile.domain;

import java.util.List;

/** A result together with what was refused on the way: refusals are data that must reach the profile. */
record WithRefusals<T>(T value, List<Refusal> refusals) {

    WithRefusals {
        refusals = List.copyOf(refusals);
    }

    static <T> WithRefusals<T> clean(T value) {
        return new WithRefusals<>(value, List.of());
    }
}
