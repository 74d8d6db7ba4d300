package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.ingest.app.TrackingService;
import io.omnijourney.kit.security.ApiKeyAuthenticationMechanism;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Checks the write key of a tracking call before its body is read, when the key comes in HTTP Basic (Segment's
 * server and mobile libraries) or the query string (beacons): a wrong key, or a client address with too many failed
 * authentications, is answered 401 or 429 without receiving or parsing the body. A key in the body (analytics.js) can
 * only be checked after the body is read, bounded by the size limit.
 */
public class WriteKeyBeforeBody {

    private final TrackingService tracking;

    public WriteKeyBeforeBody(TrackingService tracking) {
        this.tracking = tracking;
    }

    /** Runs after routing and before the body is read (request filters do not wait for the body by default). */
    @ServerRequestFilter
    public Uni<Void> checkWriteKey(SimpleResourceInfo resource, RoutingContext routing) {
        if (resource.getResourceClass() != TrackingResource.class || "sdkMetrics".equals(resource.getMethodName())) {
            return Uni.createFrom().voidItem();
        }
        Optional<String> key = TrackingResource.requestWriteKey(routing.request());
        if (key.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String client = ApiKeyAuthenticationMechanism.clientAddress(routing);
        if (tracking.writeKeyRecentlyVerified(key.get(), client)) {
            // The common case: a key verified moments ago, checked on the spot without a thread hop.
            return Uni.createFrom().voidItem();
        }
        Uni<Void> check = Uni.createFrom().item(() -> {
            tracking.checkWriteKey(key.get(), client);
            return (Void) null;
        });
        // A key not cached yet is looked up in MongoDB: never on the event loop, and without a second thread hop
        // when the request already runs on a worker.
        return BlockingOperationControl.isBlockingAllowed() ? check
                : check.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
