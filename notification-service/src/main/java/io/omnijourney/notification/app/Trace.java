package io.omnijourney.notification.app;

/**
 * The trace a piece of work belongs to, as far as the application needs it: its id, kept in the ledger so that one id
 * answers "what happened to this message" across every service; and a way to make it the current trace while the
 * work runs, so that the provider calls it makes continue it.
 */
public interface Trace {

    /** No trace: nothing to record, nothing to continue. */
    Trace NONE = new Trace() {
        @Override
        public String traceId() {
            return null;
        }

        @Override
        public Scope enter() {
            return () -> {
            };
        }
    };

    /** The W3C trace id (32 hex digits), or null. */
    String traceId();

    /** Makes the trace current on this thread until the scope is closed. */
    Scope enter();

    /** The time a trace is current. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
