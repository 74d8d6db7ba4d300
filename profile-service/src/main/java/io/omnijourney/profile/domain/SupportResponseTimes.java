package io.omnijourney.profile.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Average first-response time of support: for each ticket opened in the window ({@code Ticket Opened} with a
 * {@code ticket_id}), the time to its first {@code Ticket Replied} at or after the opening. Tickets without a reply
 * yet are counted apart, not averaged in.
 *
 * @param ticketsOpened              tickets opened in the window
 * @param ticketsAnswered            those of them with a reply
 * @param averageFirstResponseSeconds the mean time to the first reply, null without an answered ticket
 * @param medianFirstResponseSeconds  the median, null without an answered ticket
 */
public record SupportResponseTimes(long ticketsOpened, long ticketsAnswered, Double averageFirstResponseSeconds,
        Double medianFirstResponseSeconds) {

    public static final String TICKET_OPENED = "Ticket Opened";
    public static final String TICKET_REPLIED = "Ticket Replied";
    public static final String TICKET_ID = "ticket_id";

    /** One ticket event: its ticket id and when it happened. */
    public record TicketEvent(String ticketId, Instant at) {
    }

    public static SupportResponseTimes of(Collection<TicketEvent> opened, Collection<TicketEvent> replied) {
        Map<String, Instant> openedAt = new HashMap<>();
        for (TicketEvent e : opened) {
            if (e.ticketId() != null) {
                openedAt.merge(e.ticketId(), e.at(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Map<String, Instant> firstReply = new HashMap<>();
        for (TicketEvent e : replied) {
            Instant open = e.ticketId() == null ? null : openedAt.get(e.ticketId());
            if (open != null && !e.at().isBefore(open)) {
                firstReply.merge(e.ticketId(), e.at(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        double[] seconds = firstReply.entrySet().stream()
                .mapToDouble(r -> Duration.between(openedAt.get(r.getKey()), r.getValue()).toMillis() / 1000.0)
                .sorted().toArray();
        if (seconds.length == 0) {
            return new SupportResponseTimes(openedAt.size(), 0, null, null);
        }
        double sum = 0;
        for (double s : seconds) {
            sum += s;
        }
        double median = seconds.length % 2 == 1 ? seconds[seconds.length / 2]
                : (seconds[seconds.length / 2 - 1] + seconds[seconds.length / 2]) / 2;
        return new SupportResponseTimes(openedAt.size(), seconds.length, round(sum / seconds.length), round(median));
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
