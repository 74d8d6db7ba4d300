package io.omnijourney.ingest.domain.tracking;

/**
 * Size bounds of the tracking API (Segment's own: 32 KB per event, 500 KB per request).
 *
 * @param maxEventBytes   serialized size of one message
 * @param maxRequestBytes decompressed size of one request body
 * @param maxBatchEvents  messages in one batch
 * @param maxNameLength   length of event, page and screen names and of identifiers
 */
public record TrackingLimits(int maxEventBytes, int maxRequestBytes, int maxBatchEvents, int maxNameLength) {

    public static final TrackingLimits SEGMENT = new TrackingLimits(32 * 1024, 500 * 1024, 2500, 256);
}
