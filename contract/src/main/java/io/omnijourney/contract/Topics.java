package io.omnijourney.contract;

/** Kafka topic names, shared by the services that produce and consume them and by their tests. */
public final class Topics {

    public static final String TOUCHPOINTS = "touchpoints";
    public static final String PROFILE_EVENTS = "profile-events";
    public static final String NOTIFICATION_REQUESTS = "notification-requests";
    /** Each service's acknowledgement that it purged a profile for an erasure request (key: erasureId). */
    public static final String ERASURE_ACKS = "erasure-acks";

    public static final String DLQ_SUFFIX = ".dlq";
    public static final String TOUCHPOINTS_DLQ = TOUCHPOINTS + DLQ_SUFFIX;
    public static final String PROFILE_EVENTS_DLQ = PROFILE_EVENTS + DLQ_SUFFIX;
    public static final String NOTIFICATION_REQUESTS_DLQ = NOTIFICATION_REQUESTS + DLQ_SUFFIX;

    private Topics() {
    }

    /** The dead-letter topic of a topic: poison records go there with the reason in headers. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
