package io.omnijourney.kit.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The records a handler is given to apply as one unit of work (a whole poll, or part of it while failing records are
 * isolated). A record the handler can tell is unusable (it does not decode, names no one) is rejected: it goes to the
 * dead-letter topic once the unit's effects are durable, without being retried.
 */
public final class Unit {

    private final List<InRecord> records;
    private final List<Rejection> rejections = new ArrayList<>();

    Unit(List<InRecord> records) {
        this.records = records;
    }

    public List<InRecord> records() {
        return records;
    }

    /** A record of the unit with its decoded value. */
    public record Decoded<T>(InRecord record, T value) {
    }

    /**
     * Decodes every record of the unit, in order; a record that does not decode (the decoder throws
     * {@link IllegalArgumentException}) is rejected with {@code "poison: " + message}, without retries.
     */
    public <T> List<Decoded<T>> decode(Function<byte[], T> decoder) {
        List<Decoded<T>> decoded = new ArrayList<>(records.size());
        for (InRecord record : records) {
            try {
                decoded.add(new Decoded<>(record, decoder.apply(record.value())));
            } catch (IllegalArgumentException e) {
                reject(record, "poison: " + e.getMessage());
            }
        }
        return decoded;
    }

    /** Sends the record to the dead-letter topic after the unit, with the reason in its headers. */
    public void reject(InRecord record, String reason) {
        rejections.add(new Rejection(record, new RejectedRecordException(reason)));
    }

    List<Rejection> rejections() {
        return rejections;
    }

    /** A record on its way to the dead-letter topic, and why. */
    record Rejection(InRecord record, Throwable reason) {
    }

    /** Why a handler rejected a record (the exception class and message become dead-letter headers). */
    public static final class RejectedRecordException extends RuntimeException {
        RejectedRecordException(String reason) {
            super(reason, null, false, false);
        }
    }
}
