package io.omnijourney.testsupport.layers.sample.app;

import io.omnijourney.testsupport.layers.sample.adapter.kafka.Consumer;

/** A use case that reaches an adapter directly: breaks the app rule. */
public class UseCase {
    public String run() {
        return new Consumer().toString();
    }
}
