package io.omnijourney.ingest.app;

import io.omnijourney.ingest.domain.qr.QrCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The QR codes of the sources. */
public interface QrCodeStore {

    void insert(QrCode code);

    Optional<QrCode> find(String id);

    /** How many codes the source has (revoked ones included). */
    long countForSource(String sourceId);

    /** The source's codes, oldest first, at most {@code limit}. */
    List<QrCode> forSource(String sourceId, int limit);

    /** Marks the code revoked (once; a second call keeps the first time); empty when the source has no such code. */
    Optional<QrCode> revoke(String sourceId, String id, Instant at);
}
