package io.omnijourney.testsupport.layers.sample.domain;

/** A domain class that knows the broker: breaks the first rule. */
public class Rule {
    public org.apache.kafka.common.TopicPartition where() {
        return new org.apache.kafka.common.TopicPartition("t", 0);
    }
}
