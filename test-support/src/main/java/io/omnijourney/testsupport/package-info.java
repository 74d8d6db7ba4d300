/**
 * Test support shared by the services: one Kafka broker and one Mongo server per test JVM
 * ({@link io.omnijourney.testsupport.SharedInfra}), Quarkus test resources pointing an application
 * at them ({@link io.omnijourney.testsupport.KafkaTestResource},
 * {@link io.omnijourney.testsupport.MongoTestResource}) and clients for assertions
 * ({@link io.omnijourney.testsupport.KafkaTestClient}, {@link io.omnijourney.testsupport.TopicProbe},
 * {@link io.omnijourney.testsupport.MongoTestClient}).
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = KafkaTestResource.class,
 *         initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "touchpoints:3,dead-letters"))
 * @WithTestResource(MongoTestResource.class)
 * class IngestTest {
 *     static final KafkaTestClient KAFKA = new KafkaTestClient();
 *
 *     @Test
 *     void publishes() {
 *         TopicProbe out = KAFKA.probe("touchpoints");
 *         // ... call the service ...
 *         ConsumerRecord<String, byte[]> record = out.awaitRecords(1, Duration.ofSeconds(10)).get(0);
 *         assertEquals("id-1", TopicProbe.header(record, "ce_id"));
 *         out.assertNoMoreWithin(Duration.ofMillis(500));
 *     }
 * }
 * }</pre>
 */
package io.omnijourney.testsupport;
