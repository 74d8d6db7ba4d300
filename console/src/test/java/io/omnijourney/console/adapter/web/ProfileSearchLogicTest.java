package io.omnijourney.console.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The search box's guesses and the timeline's paging trail, without a server. */
class ProfileSearchLogicTest {

    @Test
    void the_search_box_guesses_the_identifier_type() {
        assertThat(IdentifierSearch.candidates("auto", "ana@example.com")).containsExactly("email");
        assertThat(IdentifierSearch.candidates("auto", "+351 912 345 678")).containsExactly("phone", "userId", "id");
        assertThat(IdentifierSearch.candidates("auto", "912345678")).containsExactly("phone", "userId", "id");
        assertThat(IdentifierSearch.candidates("auto", "u-42")).containsExactly("userId", "id", "anonymousId");
        assertThat(IdentifierSearch.candidates(null, "2f1c-anon")).containsExactly("userId", "id", "anonymousId");
        assertThat(IdentifierSearch.candidates("anonymousId", "ana@example.com")).containsExactly("anonymousId");
        assertThat(IdentifierSearch.candidates("nonsense", "u-42")).containsExactly("userId", "id", "anonymousId");
    }

    @Test
    void paging_forward_remembers_the_way_back() {
        TimelinePaging first = TimelinePaging.of(null, null);
        assertThat(first.hasPrevious()).isFalse();
        assertThat(first.nextTrail()).isEqualTo("0");

        TimelinePaging second = TimelinePaging.of("2026-11-04T10:00:00Z", first.nextTrail());
        assertThat(second.hasPrevious()).isTrue();
        assertThat(second.previousBefore()).isEmpty();
        assertThat(second.previousTrail()).isEmpty();
        assertThat(second.nextTrail()).isEqualTo("0,2026-11-04T10:00:00Z");

        TimelinePaging third = TimelinePaging.of("2026-11-01T10:00:00Z", second.nextTrail());
        assertThat(third.previousBefore()).isEqualTo("2026-11-04T10:00:00Z");
        assertThat(third.previousTrail()).isEqualTo("0");
    }

    @Test
    void the_trail_is_bounded_and_drops_what_is_not_a_cursor() {
        String longTrail = String.join(",", java.util.Collections.nCopies(100, "2026-11-01T10:00:00Z"));
        assertThat(TimelinePaging.of("x", longTrail).trail()).hasSize(TimelinePaging.MAX_TRAIL);
        assertThat(TimelinePaging.of("x", "0,<script>,a&b=c,2026-11-01T10:00:00Z").trail())
                .isEqualTo(List.of("0", "2026-11-01T10:00:00Z"));
    }
}
