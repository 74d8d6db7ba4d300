package io.omnijourney.ingest.app;

import io.omnijourney.ingest.domain.source.Source;

/** A source with the plain write key, shown once, right after it was created or rotated. */
public record SourceWithKey(Source source, String writeKey) {
}
