package io.omnijourney.kit.messaging;

/**
 * Applies a unit of records: makes their effects durable (store writes, publications acknowledged) before it returns.
 * It must be idempotent per record, since a unit may be applied again in whole or in part after a failure. It throws
 * when it cannot: {@link OutageException} (or a driver's own timeout and network errors) for an outage,
 * {@link RetryLaterException} when the records must wait, anything else when a record may be at fault.
 */
@FunctionalInterface
public interface UnitHandler {

    void handle(Unit unit) throws Exception;
}
