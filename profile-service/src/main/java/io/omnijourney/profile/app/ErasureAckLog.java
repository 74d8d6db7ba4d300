package io.omnijourney.profile.app;

import io.omnijourney.contract.profile.ErasureAck;
import java.util.List;

/** Port: the acknowledgements the other services sent for erasure requests, each kept once (by its ackId). */
public interface ErasureAckLog {

    /** Records the acknowledgement; false when it was recorded already. */
    boolean record(ErasureAck ack);

    List<ErasureAck> of(String erasureId);
}
