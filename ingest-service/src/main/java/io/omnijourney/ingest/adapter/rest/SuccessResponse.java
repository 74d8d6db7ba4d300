package io.omnijourney.ingest.adapter.rest;

/** What the tracking API answers on success; the official SDKs require a JSON object. */
public record SuccessResponse(boolean success) {

    public static final SuccessResponse OK = new SuccessResponse(true);
}
