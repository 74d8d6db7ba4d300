package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.createSource;
import static io.omnijourney.testsupport.TopicProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.TrackMessage;
import io.omnijourney.contract.Topics;
import io.omnijourney.contract.touchpoint.TouchpointCodec;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.ingest.support.IngestApi.CreatedSource;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The official Segment Java library, unmodified, talking to the running service. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class SegmentJavaClientTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void trackIdentifyAndAliasArriveOnKafkaExactlyOnce() throws Exception {
        CreatedSource source = createSource("mobile");
        List<String> failures = new CopyOnWriteArrayList<>();
        List<String> successes = new CopyOnWriteArrayList<>();
        String base = root.toString().replaceAll("/$", "");

        try (KafkaTestClient kafka = new KafkaTestClient(); TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            Analytics analytics = Analytics.builder(source.writeKey()).endpoint(base)
                    .callback(new Callback() {
                        @Override
                        public void success(Message message) {
                            successes.add(message.messageId());
                        }

                        @Override
                        public void failure(Message message, Throwable throwable) {
                            failures.add(message.messageId() + ": " + throwable);
                        }
                    })
                    .build();
            try {
                analytics.enqueue(IdentifyMessage.builder().userId("ana-1")
                        .traits(Map.of("email", "ana@example.com", "firstName", "Ana")));
                analytics.enqueue(TrackMessage.builder("Product Added to Wishlist").userId("ana-1")
                        .properties(Map.of("product_id", "sku-9", "name", "Trail Shoe", "price", 89.9)));
                analytics.enqueue(AliasMessage.builder("anon-77").userId("ana-1"));
                analytics.flush();

                List<ConsumerRecord<String, byte[]>> records = probe.awaitRecords(3, Duration.ofSeconds(30));
                probe.assertNoMoreWithin(Duration.ofSeconds(3));

                List<TouchpointEvent> events = records.stream().map(r -> TouchpointCodec.decode(r.value())).toList();
                assertThat(events).extracting(e -> e.type().wireName())
                        .containsExactlyInAnyOrder("identify", "track", "alias");
                assertThat(events).allSatisfy(e -> {
                    assertThat(e.userId()).isEqualTo("ana-1");
                    assertThat(e.sourceId()).isEqualTo(source.id());
                    assertThat(e.context()).containsKey("library");
                });
                assertThat(events).filteredOn(e -> e.event() != null).singleElement()
                        .satisfies(e -> assertThat(e.properties()).containsEntry("name", "Trail Shoe"));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> successes.size() == 3);
                assertThat(records).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(successes);
                assertThat(failures).isEmpty();
            } finally {
                analytics.shutdown();
            }
        }
    }
}
