package io.omnijourney.journey.adapter.kafka;

/** Starts and stops the profile-events consumer outside Quarkus (benchmarks wire it by hand). */
public final class ConsumerHarness {

    private ConsumerHarness() {
    }

    public static void start(ProfileEventConsumer consumer) {
        consumer.start(null);
    }

    public static void stop(ProfileEventConsumer consumer) throws InterruptedException {
        consumer.stop(null);
    }
}
