package io.omnijourney.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.profile.domain.SupportResponseTimes.TicketEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupportResponseTimesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private static TicketEvent at(String ticket, long seconds) {
        return new TicketEvent(ticket, T0.plusSeconds(seconds));
    }

    @Test
    void theFirstReplyOfEachTicketCountsAndUnansweredTicketsAreCountedApart() {
        SupportResponseTimes times = SupportResponseTimes.of(
                List.of(at("t1", 0), at("t2", 100), at("t3", 200), at("t4", 300)),
                List.of(at("t1", 60), at("t1", 30), at("t2", 400), at("t3", 150), at("t9", 10), at("t4", 1300)));
        // t1: 30 s (the first of two replies); t2: 300 s; t3: its only reply came before it was opened; t4: 1,000 s.
        assertThat(times.ticketsOpened()).isEqualTo(4);
        assertThat(times.ticketsAnswered()).isEqualTo(3);
        assertThat(times.averageFirstResponseSeconds()).isEqualTo((30 + 300 + 1000) / 3.0, org.assertj.core.api
                .Assertions.within(0.01));
        assertThat(times.medianFirstResponseSeconds()).isEqualTo(300.0);
    }

    @Test
    void withoutAnswersThereIsNoAverage() {
        SupportResponseTimes times = SupportResponseTimes.of(List.of(at("t1", 0), new TicketEvent(null, T0)),
                List.of());
        assertThat(times.ticketsOpened()).isEqualTo(1);
        assertThat(times.averageFirstResponseSeconds()).isNull();
        assertThat(SupportResponseTimes.of(List.of(at("a", 0), at("b", 0)), List.of(at("a", 10), at("b", 20)))
                .medianFirstResponseSeconds()).isEqualTo(15.0);
    }
}
