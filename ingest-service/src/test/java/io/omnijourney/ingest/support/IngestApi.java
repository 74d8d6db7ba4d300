package io.omnijourney.ingest.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** The running service's REST API, as the tests call it. */
public final class IngestApi {

    public static final String ADMIN_KEY = "test-admin-key";
    public static final String MARKETER_KEY = "test-marketer-key";

    private IngestApi() {
    }

    public static RequestSpecification asAdmin() {
        return given().header("Authorization", "Bearer " + ADMIN_KEY);
    }

    /** Creates a tracking source on the channel and returns {@code [id, writeKey]}. */
    public static CreatedSource createSource(String channel) {
        return createSource(Map.of("name", "test " + channel, "channel", channel));
    }

    public static CreatedSource createSource(Map<String, Object> request) {
        var response = asAdmin().contentType(ContentType.JSON).body(Messages.toJson(request))
                .post("/admin/sources").then().statusCode(201).extract();
        return new CreatedSource(response.path("id"), response.path("writeKey"));
    }

    public static ValidatableResponse post(String path, String writeKey, String body) {
        return given().auth().preemptive().basic(writeKey, "").contentType(ContentType.JSON).body(body)
                .post(path).then();
    }

    public record CreatedSource(String id, String writeKey) {
    }
}
