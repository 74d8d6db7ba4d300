package io.omnijourney.profile.adapter.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.omnijourney.contract.Topics;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.SharedInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * MongoDB hung (the embedded server is stopped with SIGSTOP, so sockets stay open and reads wait): REST answers 503
 * with {@code Retry-After} and the JSON error body once the driver gives up, not a generic 500 after the driver's
 * default 30 s. The first request waits for the read timeout and a server selection (test profile: 4 s + 3 s); once
 * the driver has marked the server unreachable, the next ones wait only for the server selection (3 s here, 2 s in
 * production). When MongoDB is back, the same request succeeds again.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.TOUCHPOINTS + ":3," + Topics.TOUCHPOINTS_DLQ + ":1," + Topics.PROFILE_EVENTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class StorageOutageTest {

    private static Response lookup() {
        return given().header("X-API-Key", "test-analyst-key").queryParam("identifier", "userId:nobody-here")
                .get("/profiles/lookup");
    }

    @Test
    void aHungMongoIsA503WithRetryAfterOnceTheDriverGivesUpAndTheServiceRecoversByItself() {
        assumeTrue(SharedInfra.canPauseMongo(), "needs the embedded MongoDB server");
        lookup().then().statusCode(404);
        SharedInfra.pauseMongo();
        try {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                Response response = lookup();
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                System.out.printf("outage request %d answered %d in %d ms%n", i, response.statusCode(), millis);
                response.then().statusCode(503).header("Retry-After", "5")
                        .body("error", equalTo("storage temporarily unavailable: retry later"));
                assertThat(millis).isLessThan(9_000);
            }
        } finally {
            SharedInfra.resumeMongo();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> lookup().then().statusCode(404));
    }
}
