package io.omnijourney.kit.mongo;

import com.mongodb.bulk.BulkWriteResult;
import java.util.Set;

/**
 * A bulk write that the majority confirmed, with the writes it refused as duplicate keys: the caller decides what a
 * duplicate means (already inserted, lost a race). Built only by {@link BulkWrites}, so holding one means there was
 * no other failure.
 *
 * @param result     the acknowledged counts; null for an {@code insertMany}, whose result is not needed
 * @param duplicates the indexes of the writes refused as duplicate keys, in the order they were given
 */
public record BulkOutcome(BulkWriteResult result, Set<Integer> duplicates) {

    public BulkOutcome {
        duplicates = Set.copyOf(duplicates);
    }

    /** True if the write at {@code index} was refused as a duplicate key. */
    public boolean duplicate(int index) {
        return duplicates.contains(index);
    }
}
