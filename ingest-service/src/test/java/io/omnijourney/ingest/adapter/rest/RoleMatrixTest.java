package io.omnijourney.ingest.adapter.rest;

import io.omnijourney.contract.Topics;
import io.omnijourney.testsupport.KafkaTestResource;
import io.omnijourney.testsupport.MongoTestResource;
import io.omnijourney.testsupport.RoleMatrix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint this service exposes (its OpenAPI document) against every role, as declared in
 * {@code role-matrix.txt}: an endpoint without a rule fails the build.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = Topics.TOUCHPOINTS + ":3"))
@QuarkusTestResource(MongoTestResource.class)
class RoleMatrixTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void every_endpoint_has_a_rule_and_every_role_gets_exactly_what_the_rule_says() {
        assertThat(RoleMatrix.verifyTestProfile(base)).isEmpty();
    }
}
