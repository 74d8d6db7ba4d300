package io.omnijourney.kit.rest;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import io.omnijourney.kit.mongo.UnconfirmedWriteException;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * MongoDB unavailable at the REST edge: a 503 with {@code Retry-After} and the uniform JSON body, instead of a generic
 * 500 with a stack trace per request. Unavailable means unreachable, a request-path read over its server-side limit
 * ({@code RequestReads}), or a write the majority did not confirm (an election under way). How fast the answer comes
 * is decided by the driver's timeouts, which each service configures short
 * ({@code quarkus.mongodb.server-selection-timeout}, {@code connect-timeout}, {@code write-concern.w-timeout}).
 *
 * <p>One log line per outage: the first refused request logs a warning; later ones stay silent until no failure has
 * been seen for {@link #QUIET_MILLIS}, after which the next failure counts as a new outage.
 */
public class StorageOutages {

    static final String RETRY_AFTER_SECONDS = "5";
    static final long QUIET_MILLIS = 30_000;

    private static final Logger LOG = Logger.getLogger(StorageOutages.class);
    private static final OutageLog OUTAGE_LOG = new OutageLog(System::currentTimeMillis);

    @ServerExceptionMapper({MongoTimeoutException.class, MongoSocketException.class,
            MongoConnectionPoolClearedException.class, MongoExecutionTimeoutException.class,
            MongoWriteConcernException.class})
    public Response unavailable(MongoException e) {
        return refuse(e);
    }

    /** A write the majority did not confirm (an election under way): retrying soon is the right answer. */
    @ServerExceptionMapper
    public Response unconfirmed(UnconfirmedWriteException e) {
        return refuse(e);
    }

    private static Response refuse(RuntimeException e) {
        if (OUTAGE_LOG.startsOutage()) {
            LOG.warnf("MongoDB unavailable (%s): REST answers 503 until it is back; this outage is not logged again",
                    e.getClass().getSimpleName());
        }
        return ErrorMappers.json(503, ErrorResponse.of("storage temporarily unavailable: retry later"))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    /** Tells the first failure of an outage from the ones that follow it. */
    static final class OutageLog {

        private final LongSupplier clock;
        private final AtomicLong lastFailure = new AtomicLong(Long.MIN_VALUE);

        OutageLog(LongSupplier clock) {
            this.clock = clock;
        }

        /** Records a failure; true when it starts a new outage (none seen in the last {@link #QUIET_MILLIS}). */
        boolean startsOutage() {
            long now = clock.getAsLong();
            long previous = lastFailure.getAndSet(now);
            return previous == Long.MIN_VALUE || now - previous > QUIET_MILLIS;
        }
    }
}
