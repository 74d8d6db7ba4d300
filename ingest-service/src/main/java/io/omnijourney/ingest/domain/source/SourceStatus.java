package io.omnijourney.ingest.domain.source;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum SourceStatus {
    ACTIVE, REVOKED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
