package io.omnijourney.testsupport.layers.sample.adapter.rest;

import io.omnijourney.testsupport.layers.sample.adapter.kafka.Consumer;

/** A REST adapter that uses the Kafka adapter: breaks the adapter rule. */
public class Resource {
    public Object consumer() {
        return new Consumer();
    }
}
