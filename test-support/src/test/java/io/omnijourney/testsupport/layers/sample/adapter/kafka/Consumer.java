package io.omnijourney.testsupport.layers.sample.adapter.kafka;

/** An adapter. */
public class Consumer {
}
