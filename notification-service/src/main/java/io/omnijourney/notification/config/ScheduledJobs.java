package io.omnijourney.notification.config;

import io.omnijourney.kit.logging.LogSafe;
import io.omnijourney.notification.app.DailyCapPurge;
import io.omnijourney.notification.app.InboxWatch;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The service's periodic housekeeping, each job one method: the timing is configuration, the work is in {@code app}.
 * A failed run (MongoDB away) is logged and the next one runs as scheduled; a run still going skips the next.
 */
@ApplicationScoped
public class ScheduledJobs {

    private static final Logger LOG = Logger.getLogger(ScheduledJobs.class);

    private final DailyCapPurge capPurge;
    private final InboxWatch inboxWatch;

    public ScheduledJobs(DailyCapPurge capPurge, InboxWatch inboxWatch) {
        this.capPurge = capPurge;
        this.inboxWatch = inboxWatch;
    }

    @Scheduled(identity = "inbox-streams", every = "${omnijourney.notification.inbox.stream-poll:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void passInboxChangesToStreams() {
        try {
            inboxWatch.poll();
        } catch (RuntimeException e) {
            LOG.warnf("inbox stream poll failed, next run as scheduled: %s", LogSafe.text(e));
        }
    }

    @Scheduled(identity = "inbox-stream-ping", every = "${omnijourney.notification.inbox.stream-ping:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pingInboxStreams() {
        inboxWatch.ping();
    }

    @Scheduled(identity = "daily-cap-purge", every = "${omnijourney.notification.delivery.cap-purge-every:10m}",
            delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpiredDailyCaps() {
        try {
            int purged = capPurge.purge();
            if (purged > 0) {
                LOG.infof("deleted %d expired daily-cap counters", purged);
            }
        } catch (RuntimeException e) {
            LOG.warnf("daily-cap purge failed, next run as scheduled: %s", LogSafe.text(e));
        }
    }
}
