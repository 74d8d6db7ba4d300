package io.omnijourney.kit.messaging;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import java.util.Set;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells an outage from a record's own failure, the distinction the consumer failure policy rests on: an outage pauses
 * the consumer and dead-letters nothing; a failure of the record's own is retried a bounded number of times, then the
 * record is isolated.
 */
public final class Failures {

    /** What a failure says about its records. */
    public enum Kind {
        /** A dependency is unreachable or timing out: wait and try again, forever; never blame a record. */
        OUTAGE,
        /** The records are fine but cannot be handled now (a lease held elsewhere, a concurrent change). */
        RETRY_LATER,
        /** Anything else: may be the records' own fault; retried a bounded number of times, then isolated. */
        RECORD
    }

    /** MongoDB server error codes that mean "not now" rather than "never" (elections, shutdowns, network). */
    private static final Set<Integer> TRANSIENT_MONGO_CODES = Set.of(6, 7, 89, 91, 189, 262, 9001, 10107, 11600,
            11602, 13435, 13436, 64);

    private Failures() {
    }

    /** Classifies a failure by the first cause in its chain that says something. */
    public static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetryLaterException) {
                return Kind.RETRY_LATER;
            }
            if (t instanceof OutageException || isMongoOutage(t) || isKafkaOutage(t)) {
                return Kind.OUTAGE;
            }
            if (t instanceof InterruptedException) {
                return Kind.OUTAGE;
            }
        }
        return Kind.RECORD;
    }

    private static boolean isKafkaOutage(Throwable t) {
        return t instanceof RetriableException || t instanceof InterruptException
                || t instanceof java.util.concurrent.TimeoutException;
    }

    private static boolean isMongoOutage(Throwable t) {
        if (!(t instanceof MongoException mongo)) {
            return false;
        }
        if (t instanceof MongoSocketException || t instanceof MongoTimeoutException
                || t instanceof MongoNotPrimaryException || t instanceof MongoNodeIsRecoveringException
                || t instanceof MongoInterruptedException || t instanceof MongoWriteConcernException
                || t instanceof MongoExecutionTimeoutException) {
            return true;
        }
        if (mongo.hasErrorLabel("RetryableWriteError")
                || mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
            return true;
        }
        if (t instanceof MongoBulkWriteException bulk) {
            // A write-concern error (a step-down while waiting for the majority) means the writes may be rolled back.
            return bulk.getWriteConcernError() != null;
        }
        if (t instanceof MongoCommandException command) {
            return TRANSIENT_MONGO_CODES.contains(command.getErrorCode());
        }
        // "state should be: open": the client is closing (shutdown), not the records' fault.
        return t instanceof MongoClientException && String.valueOf(t.getMessage()).contains("state should be");
    }
}
