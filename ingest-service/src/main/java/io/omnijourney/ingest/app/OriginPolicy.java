package io.omnijourney.ingest.app;

import io.omnijourney.kit.logging.LogSafe;
import io.omnijourney.ingest.domain.source.AllowedOrigins;
import io.omnijourney.ingest.domain.source.Source;
import io.omnijourney.ingest.domain.source.SourceKind;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The origins any active tracking source allows: what a CORS preflight is answered with, since a preflight carries no
 * write key. Kept in memory and rebuilt from the store on every change made through this instance and periodically
 * (changes made through other instances); the per-source check on the real request uses the source itself.
 */
@ApplicationScoped
public class OriginPolicy {

    private static final Logger LOG = Logger.getLogger(OriginPolicy.class);

    private final SourceStore store;
    private volatile AllowedOrigins anySource = AllowedOrigins.NONE;
    private volatile boolean lastRefreshFailed;

    public OriginPolicy(SourceStore store) {
        this.store = store;
    }

    /** True when some active tracking source allows calls from this origin. */
    public boolean someSourceAllows(String origin) {
        return anySource.allows(origin);
    }

    /** Rebuilds the union from the store; on failure the previous union stays in force. */
    public void refresh() {
        try {
            AllowedOrigins union = AllowedOrigins.NONE;
            for (Source source : store.list()) {
                if (source.isActive() && source.kind() == SourceKind.TRACKING) {
                    union = union.plus(source.allowedOrigins());
                }
            }
            anySource = union;
            if (lastRefreshFailed) {
                LOG.info("allowed origins refreshed again");
            }
            lastRefreshFailed = false;
        } catch (RuntimeException e) {
            if (!lastRefreshFailed) {
                LOG.warnf("allowed origins not refreshed, the previous ones stay in force: %s", LogSafe.text(e));
            }
            lastRefreshFailed = true;
        }
    }
}
