package io.omnijourney.kit.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.WriteConcernError;
import io.omnijourney.kit.messaging.OutageException;

/**
 * A write the primary applied but the majority did not confirm (a write-concern error: the primary stepped down, or
 * replication did not catch up in time). It may be rolled back by the next primary, so it is never a success: the
 * consumer treats it as an outage (pause, retry the whole unit, commit nothing), the REST edge answers 503. Retrying
 * is safe because every write the services make is idempotent or conditional.
 */
public class UnconfirmedWriteException extends OutageException {

    public UnconfirmedWriteException(MongoBulkWriteException cause) {
        super(describe(cause.getWriteConcernError()), cause);
    }

    private static String describe(WriteConcernError error) {
        return "write not confirmed by the majority (write-concern error " + error.getCode() + " "
                + error.getCodeName() + "): may be rolled back, retry";
    }
}
