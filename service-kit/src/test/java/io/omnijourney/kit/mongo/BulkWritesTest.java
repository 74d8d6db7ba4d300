package io.omnijourney.kit.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import io.omnijourney.kit.messaging.Failures;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** How a failed bulk write is read, on real driver exceptions as the server's replies would build them. */
class BulkWritesTest {

    private static final int DUPLICATE_KEY = 11000;
    private static final int TYPE_MISMATCH = 14;
    private static final BulkWriteResult PARTIAL = BulkWriteResult.acknowledged(2, 3, 0, 3, List.of(), List.of());

    @Test
    void duplicateKeysTheCallerExpectsComeBackAsTheirIndexesWithThePartialResult() {
        MongoBulkWriteException failure = failure(List.of(error(DUPLICATE_KEY, 4), error(DUPLICATE_KEY, 1)), null);

        BulkOutcome outcome = BulkWrites.run(() -> {
            throw failure;
        });

        assertThat(outcome.duplicates()).containsExactlyInAnyOrder(1, 4);
        assertThat(outcome.duplicate(4)).isTrue();
        assertThat(outcome.duplicate(0)).isFalse();
        assertThat(outcome.result().getMatchedCount()).isEqualTo(3);
    }

    @Test
    void aDuplicateKeyIsAFailureWhereNoneIsExpected() {
        MongoBulkWriteException failure = failure(List.of(error(DUPLICATE_KEY, 0)), null);

        assertThatThrownBy(() -> BulkWrites.classify(failure, false)).isSameAs(failure);
    }

    @Test
    void anyOtherWriteErrorIsThrownEvenBesideExpectedDuplicates() {
        MongoBulkWriteException failure = failure(List.of(error(DUPLICATE_KEY, 0), error(TYPE_MISMATCH, 2)), null);

        assertThatThrownBy(() -> BulkWrites.classify(failure, true)).isSameAs(failure);
        assertThat(Failures.classify(failure)).isEqualTo(Failures.Kind.RECORD);
    }

    @Test
    void aWriteConcernErrorWithoutWriteErrorsIsNeverSuccessButAnOutageToRetry() {
        MongoBulkWriteException failure = failure(List.of(), stepDown());

        assertThatThrownBy(() -> BulkWrites.classify(failure, true))
                .isInstanceOf(UnconfirmedWriteException.class)
                .hasCause(failure)
                .hasMessageContaining("189")
                .satisfies(e -> assertThat(Failures.classify(e)).isEqualTo(Failures.Kind.OUTAGE));
    }

    @Test
    void aWriteConcernErrorOutranksDuplicatesAndOtherWriteErrors() {
        assertThatThrownBy(() -> BulkWrites.classify(failure(List.of(error(DUPLICATE_KEY, 0)), stepDown()), true))
                .isInstanceOf(UnconfirmedWriteException.class);
        assertThatThrownBy(() -> BulkWrites.classify(failure(List.of(error(TYPE_MISMATCH, 0)), stepDown()), true))
                .isInstanceOf(UnconfirmedWriteException.class);
    }

    @Test
    void aBulkWriteWithoutFailureHasNoDuplicates() {
        BulkOutcome outcome = BulkWrites.run(() -> PARTIAL);

        assertThat(outcome.duplicates()).isEmpty();
        assertThat(outcome.result()).isSameAs(PARTIAL);
    }

    private static MongoBulkWriteException failure(List<BulkWriteError> errors, WriteConcernError writeConcern) {
        return new MongoBulkWriteException(PARTIAL, errors, writeConcern, new ServerAddress("db-0", 27017), Set.of());
    }

    private static BulkWriteError error(int code, int index) {
        return new BulkWriteError(code, "error " + code, new BsonDocument(), index);
    }

    /** What a primary answers when it steps down while waiting for the majority. */
    private static WriteConcernError stepDown() {
        return new WriteConcernError(189, "PrimarySteppedDown", "operation was interrupted because the primary stepped "
                + "down while waiting for replication", new BsonDocument());
    }
}
