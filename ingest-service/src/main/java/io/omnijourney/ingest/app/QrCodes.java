package io.omnijourney.ingest.app;

import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.ingest.app.IngestMetrics.RejectReason;
import io.omnijourney.ingest.domain.InvalidInputException;
import io.omnijourney.ingest.domain.qr.QrCode;
import io.omnijourney.ingest.domain.source.Source;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * QR codes: created, listed and revoked by admins; scanned by anyone with a phone. A scan records a
 * {@code QR Code Scanned} touchpoint (the code's properties, the scanner's anonymous id) and always sends the phone
 * on: a scan over the source's rate limit, or one the broker cannot take, is counted and not recorded, never a
 * person left on an error page in front of a shop window.
 */
@ApplicationScoped
public class QrCodes {

    private static final Logger LOG = Logger.getLogger(QrCodes.class);
    public static final int MAX_CODES_PER_SOURCE = 1_000;
    private static final Pattern ID = Pattern.compile("qr_[0-9a-f]{20}");
    private static final Pattern ANONYMOUS_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
            + "[0-9a-f]{12}");
    private static final long CACHE_NANOS = 10_000_000_000L;
    private static final int CACHE_ENTRIES = 10_000;
    private static final int MAX_USER_AGENT = 512;

    private final QrCodeStore store;
    private final SourceService sources;
    private final TrackingService tracking;
    private final RateLimits rateLimits;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Codes (and codes that do not exist) by id, for 10 s: a poster is scanned by many, a made-up id by a bot. */
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<QrCode> code, long at) {
    }

    /** Where to send the phone, and the anonymous id the scan was recorded under (kept in a cookie). */
    public record Scan(String location, String anonymousId) {
    }

    public QrCodes(QrCodeStore store, SourceService sources, TrackingService tracking, RateLimits rateLimits,
            IngestMetrics metrics, Clock clock) {
        this.store = store;
        this.sources = sources;
        this.tracking = tracking;
        this.rateLimits = rateLimits;
        this.metrics = metrics;
        this.clock = clock;
    }

    public QrCode create(String sourceId, String name, String target, Map<String, Object> properties) {
        Source source = sources.get(sourceId);
        if (source.kind().isWebhook() || !source.isActive()) {
            throw new InvalidInputException("source",
                    "QR codes belong to an active tracking source");
        }
        if (store.countForSource(sourceId) >= MAX_CODES_PER_SOURCE) {
            throw new InvalidInputException("source",
                    "has " + MAX_CODES_PER_SOURCE + " QR codes already; revoke some first");
        }
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        QrCode code = QrCode.create("qr_" + HexFormat.of().formatHex(bytes), source, name, target, properties,
                clock.instant());
        store.insert(code);
        LOG.infof("QR code %s created for source %s", code.id(), sourceId);
        return code;
    }

    public List<QrCode> list(String sourceId) {
        sources.get(sourceId);
        return store.forSource(sourceId, MAX_CODES_PER_SOURCE);
    }

    public Optional<QrCode> revoke(String sourceId, String id) {
        sources.get(sourceId);
        Optional<QrCode> revoked = store.revoke(sourceId, id, clock.instant());
        cache.remove(id);
        return revoked;
    }

    /** Records a scan of code {@code id}; empty when there is no such active code (of an active source). */
    public Optional<Scan> scan(String id, String cookieAnonymousId, String ip, String userAgent) {
        Optional<QrCode> found = find(id).filter(QrCode::isActive);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        QrCode code = found.get();
        Source source;
        try {
            source = sources.get(code.sourceId());
        } catch (SourceNotFoundException e) {
            return Optional.empty();
        }
        if (!source.isActive()) {
            return Optional.empty();
        }
        String anonymousId = cookieAnonymousId != null && ANONYMOUS_ID.matcher(cookieAnonymousId).matches()
                ? cookieAnonymousId : UUID.randomUUID().toString();
        record(source, code, anonymousId, ip, userAgent);
        return Optional.of(new Scan(code.redirectFor(anonymousId), anonymousId));
    }

    private void record(Source source, QrCode code, String anonymousId, String ip, String userAgent) {
        Instant now = clock.instant();
        Map<String, Object> properties = new LinkedHashMap<>(code.properties());
        properties.put("qr_code_id", code.id());
        properties.put("qr_code_name", code.name());
        properties.put("url", code.target());
        Map<String, Object> context = new LinkedHashMap<>();
        if (ip != null) {
            context.put("ip", ip);
        }
        if (userAgent != null && !userAgent.isBlank()) {
            context.put("userAgent", userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT)
                    : userAgent);
        }
        TouchpointEvent event = TouchpointEventBuilder.of(EventType.TRACK).messageId("qr-" + UUID.randomUUID())
                .event(QrCode.EVENT).anonymousId(anonymousId).properties(properties).context(context)
                .channel(source.channel()).sourceId(source.id()).timestamp(now).receivedAt(now).build();
        try {
            rateLimits.acquire(source, 1);
        } catch (RateLimitedException e) {
            metrics.rejected(source.id(), source.channel().wireName(), RejectReason.RATE_LIMITED, 1);
            return;
        }
        try {
            tracking.publish(source, List.of(event));
        } catch (RuntimeException e) {
            // Counted as unavailable by the publish; the person is sent on all the same.
            LOG.warnf("QR scan of %s not recorded: %s", code.id(), e.getClass().getSimpleName());
        }
    }

    private Optional<QrCode> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Cached cached = cache.get(id);
        if (cached != null && now - cached.at() < CACHE_NANOS) {
            return cached.code();
        }
        Optional<QrCode> code = store.find(id);
        if (cache.size() >= CACHE_ENTRIES) {
            cache.clear();
        }
        cache.put(id, new Cached(code, now));
        return code;
    }
}
