package io.omnijourney.ingest.app;

import io.omnijourney.ingest.config.IngestConfig;
import io.omnijourney.ingest.domain.source.AllowedOrigins;
import io.omnijourney.ingest.domain.source.Source;
import io.omnijourney.ingest.domain.source.SourceKind;
import io.omnijourney.ingest.domain.source.SourceStatus;
import io.omnijourney.ingest.domain.source.WriteKeys;
import io.omnijourney.kit.security.ApiKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** Creates, rotates and revokes sources, and tells which source a write key belongs to. */
@ApplicationScoped
public class SourceService {

    private static final Logger LOG = Logger.getLogger(SourceService.class);

    private final SourceStore store;
    private final OriginPolicy origins;
    private final Clock clock;
    private final long cacheTtlNanos;
    private final Map<String, CachedSource> byKeyHash = new ConcurrentHashMap<>();
    private final UnknownKeys unknownKeys;
    private final IngestMetrics metrics;

    public SourceService(SourceStore store, OriginPolicy origins, Clock clock, IngestConfig config,
            IngestMetrics metrics) {
        this.store = store;
        this.origins = origins;
        this.clock = clock;
        this.cacheTtlNanos = config.writeKeyCacheTtl().toNanos();
        this.unknownKeys = new UnknownKeys(config.unknownWriteKeyCache().ttl(),
                config.unknownWriteKeyCache().maxEntries(), System::nanoTime);
        this.metrics = metrics;
    }

    private record CachedSource(Source source, long expiresAtNanos) {
    }

    public SourceWithKey create(NewSource request) {
        String writeKey = WriteKeys.generate();
        Source source = newSource(WriteKeys.newSourceId(), request, writeKey);
        store.insert(source, ApiKeys.sha256Hex(writeKey));
        unknownKeys.clear();
        origins.refresh();
        LOG.infof("source %s created (kind %s, channel %s)", source.id(), source.kind().wireName(),
                source.channel().wireName());
        return new SourceWithKey(source, writeKey);
    }

    /** Creates a source with a given id and key unless it exists: seeding is idempotent across restarts. */
    public boolean seed(String id, NewSource request, String writeKey) {
        boolean created = store.insert(newSource(id, request, writeKey), ApiKeys.sha256Hex(writeKey));
        unknownKeys.clear();
        if (created) {
            origins.refresh();
        }
        return created;
    }

    public List<Source> list() {
        return store.list();
    }

    public Source get(String id) {
        return store.findById(id).orElseThrow(() -> new SourceNotFoundException(id));
    }

    /** Issues a new key. The old one keeps working for {@code grace} so clients can be redeployed without loss. */
    public SourceWithKey rotate(String id, Duration grace) {
        String writeKey = WriteKeys.generate();
        Instant now = clock.instant();
        Source source = store.rotateKey(id, ApiKeys.sha256Hex(writeKey), WriteKeys.displayPrefix(writeKey), now,
                now.plus(grace)).orElseThrow(() -> new SourceNotFoundException(id));
        byKeyHash.clear();
        unknownKeys.clear();
        LOG.infof("source %s key rotated (previous key valid for %s)", id, grace);
        return new SourceWithKey(source, writeKey);
    }

    public Source revoke(String id) {
        Source source = store.revoke(id, clock.instant()).orElseThrow(() -> new SourceNotFoundException(id));
        byKeyHash.clear();
        origins.refresh();
        LOG.infof("source %s revoked", id);
        return source;
    }

    /** Replaces the browser origins of a tracking source: at once on this instance, within the refresh elsewhere. */
    public Source updateAllowedOrigins(String id, AllowedOrigins allowed) {
        Source source = store.updateAllowedOrigins(id, allowed).orElseThrow(() -> new SourceNotFoundException(id));
        byKeyHash.clear();
        origins.refresh();
        LOG.infof("source %s allowed origins changed (%d entries)", id, allowed.entries().size());
        return source;
    }

    /**
     * The source of a write key, held to its allowed origins when the call comes from a browser.
     *
     * @param origin the {@code Origin} header; null for calls that are not from a browser
     */
    public Source authenticate(String writeKey, String origin) {
        Source source = authenticate(writeKey);
        if (origin != null && !source.allowedOrigins().allows(origin)) {
            throw new OriginRefusedException(origin);
        }
        return source;
    }

    /** Whether this instance verified the write key within the cache's lifetime (no store access, no blocking). */
    public boolean isRecentlyVerified(String writeKey) {
        if (writeKey == null || writeKey.isBlank()) {
            return false;
        }
        CachedSource cached = byKeyHash.get(ApiKeys.sha256Hex(writeKey.trim()));
        return cached != null && System.nanoTime() - cached.expiresAtNanos() < 0;
    }

    /** The active tracking source of a write key; anything else is rejected without saying why. */
    public Source authenticate(String writeKey) {
        if (writeKey == null || writeKey.isBlank()) {
            throw new AuthenticationRejectedException("a write key is required: HTTP Basic with the key as user "
                    + "name, or 'writeKey' in the body");
        }
        String keyHash = ApiKeys.sha256Hex(writeKey.trim());
        long now = System.nanoTime();
        CachedSource cached = byKeyHash.get(keyHash);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return cached.source();
        }
        if (unknownKeys.contains(keyHash)) {
            throw new AuthenticationRejectedException("invalid or revoked write key");
        }
        metrics.writeKeyLookup();
        Optional<Source> found;
        try {
            found = store.findActiveByKeyHash(keyHash, clock.instant()).filter(s -> s.kind() == SourceKind.TRACKING);
        } catch (RuntimeException storeUnavailable) {
            if (cached != null) {
                // The source store is unreachable: a key this instance has already verified keeps being accepted
                // (events only need the broker); new keys wait for the store.
                return cached.source();
            }
            throw storeUnavailable;
        }
        if (found.isEmpty()) {
            unknownKeys.add(keyHash);
            throw new AuthenticationRejectedException("invalid or revoked write key");
        }
        Source source = found.get();
        if (cacheTtlNanos > 0) {
            byKeyHash.put(keyHash, new CachedSource(source, now + cacheTtlNanos));
        }
        return source;
    }

    /** The active provider source a webhook is addressed to. */
    public Source webhookSource(String id, SourceKind kind) {
        return store.findById(id).filter(s -> s.kind() == kind && s.isActive())
                .orElseThrow(() -> new SourceNotFoundException(id));
    }

    private Source newSource(String id, NewSource request, String writeKey) {
        Instant now = clock.instant();
        return new Source(id, request.name(), request.channel(), request.kind(), SourceStatus.ACTIVE,
                request.verificationKey(), request.rateLimitPerSecond(), WriteKeys.displayPrefix(writeKey), now, now,
                null, request.allowedOrigins().orElse(AllowedOrigins.defaultFor(request.channel())));
    }
}
