package io.omnijourney.kit.mongo;

import com.mongodb.client.FindIterable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A server-side time limit ({@code maxTimeMS}) for reads a caller waits on (a REST request, a write-key check). The
 * driver's socket read timeout only frees the client: the server goes on running the query, and a burst of slow
 * requests piles up work on the primary. With {@code maxTimeMS} the server itself stops the query and the driver
 * throws {@code MongoExecutionTimeoutException}, which the REST edge answers with a 503 ({@code StorageOutages}).
 * Reads by a consumer, which may legitimately take longer and are bounded by the socket timeout, do not use it.
 */
public final class RequestReads {

    /** How long the server may spend on one request-path read: above any indexed lookup, below the socket timeout. */
    public static final Duration MAX_TIME = Duration.ofSeconds(2);

    private RequestReads() {
    }

    /** {@code find} with {@link #MAX_TIME} as its server-side limit. */
    public static <T> FindIterable<T> bounded(FindIterable<T> find) {
        return find.maxTime(MAX_TIME.toMillis(), TimeUnit.MILLISECONDS);
    }
}
