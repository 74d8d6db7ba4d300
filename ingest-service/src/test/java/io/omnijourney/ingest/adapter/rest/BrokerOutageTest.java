package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.createSource;
import static io.omnijourney.ingest.support.IngestApi.post;
import static io.omnijourney.ingest.support.Messages.track;
import static io.omnijourney.testsupport.TopicProbe.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.omnijourney.contract.Topics;
import io.omnijourney.ingest.support.IngestApi.CreatedSource;
import io.omnijourney.testsupport.KafkaTestClient;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.SharedInfra;
import io.omnijourney.testsupport.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The broker goes away and comes back: nothing is reported accepted that was not written. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class BrokerOutageTest {

    @Test
    void brokerDownIs503WithRetryAfterAndBrokerBackIsAcceptedAgain() {
        assumeTrue(SharedInfra.canRestartKafka(), "needs the embedded broker, which tests can stop");
        CreatedSource source = createSource("web");
        post("/v1/track", source.writeKey(), track("Warm Up").userId("u").json()).statusCode(200);

        List<String> acceptedIds = new ArrayList<>();
        SharedInfra.stopKafka();
        try {
            String lost = UUID.randomUUID().toString();
            post("/v1/track", source.writeKey(), track("During Outage").userId("u").messageId(lost).json())
                    .statusCode(503)
                    .header("Retry-After", equalTo("5"))
                    .body("error", containsString("nothing was accepted"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/q/health/ready").then().statusCode(503));
        } finally {
            SharedInfra.startKafka();
        }

        try (KafkaTestClient kafka = new KafkaTestClient(); TopicProbe probe = kafka.probe(Topics.TOUCHPOINTS)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                String id = UUID.randomUUID().toString();
                int status = given().auth().preemptive().basic(source.writeKey(), "").contentType("application/json")
                        .body(track("After Outage").userId("u").messageId(id).json()).post("/v1/track").statusCode();
                if (status == 200) {
                    acceptedIds.add(id);
                }
                return status == 200;
            });

            probe.awaitRecords(1, Duration.ofSeconds(20));
            assertThat(probe.records()).extracting(r -> header(r, "ce_id")).containsExactlyElementsOf(acceptedIds);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/q/health/ready").then().statusCode(200));
        }
    }
}
