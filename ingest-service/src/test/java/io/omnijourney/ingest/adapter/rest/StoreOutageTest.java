package io.omnijourney.ingest.adapter.rest;

import static io.omnijourney.ingest.support.IngestApi.createSource;
import static io.omnijourney.ingest.support.IngestApi.post;
import static io.omnijourney.ingest.support.Messages.track;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.omnijourney.contract.Topics;
import io.omnijourney.ingest.support.IngestApi.CreatedSource;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.SharedInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * MongoDB (the source store) goes away: events of a source whose write key this instance has verified keep being
 * accepted, since they only need the broker; a key it has never seen is a 503 with Retry-After (not a 401: the key
 * may be valid), and the sources admin API answers 503 too.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class StoreOutageTest {

    private static final Pattern LOOKUPS = Pattern.compile("omnijourney_ingest_write_key_lookups_total\\S* (\\S+)");

    private static double lookups() {
        Matcher m = LOOKUPS.matcher(given().get("/q/metrics").then().extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aVerifiedKeyIsStillAcceptedWhileTheStoreIsDownAndAnUnverifiedOneIsA503() {
        assumeTrue(SharedInfra.canPauseMongo(), "needs the embedded MongoDB server");
        CreatedSource source = createSource("web");
        post("/v1/track", source.writeKey(), track("Before Outage").userId("u").json()).statusCode(200);
        double before = lookups();
        SharedInfra.pauseMongo();
        try {
            // Past the key cache's lifetime the store is asked again (the lookup counter moves) and cannot answer.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                post("/v1/track", source.writeKey(), track("During Outage").userId("u").json()).statusCode(200);
                assertThat(lookups()).isGreaterThan(before);
            });
            post("/v1/track", "wk_never_seen_by_this_instance_0123456789", track("Unknown").userId("u").json())
                    .statusCode(503).header("Retry-After", equalTo("5"));
        } finally {
            SharedInfra.resumeMongo();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                post("/v1/track", "wk_never_seen_by_this_instance_0123456789", track("Unknown").userId("u").json())
                        .statusCode(401));
    }
}
