package io.omnijourney.notification.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Consent per channel keeps the newest statement whatever the order of arrival; unchanged events write nothing. */
class MongoProfileStatesTest {

    private static final Instant T1 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(60);

    private final MongoDatabase db = MongoTestClient.database("notification-states-"
            + UUID.randomUUID().toString().substring(0, 8));
    private final MongoProfileStates states = new MongoProfileStates(db);

    private static ProfileSnapshot snapshot(String emailStatus, Instant at, String firstName) {
        return new ProfileSnapshot(Map.of("email", List.of("ana@example.com")), Map.of("firstName", firstName),
                Map.of("email", new ProfileSnapshot.Consent(emailStatus, at)), Map.of(), List.of());
    }

    private long version(String profileId) {
        return db.getCollection("profiles").find(Filters.eq("_id", profileId)).first().get("version", Number.class)
                .longValue();
    }

    @Test
    void newestConsentWinsAndAnOlderStatementArrivingLateIsIgnored() {
        states.apply("p", snapshot("unsubscribed", T2, "Ana"), T2);
        states.apply("p", snapshot("subscribed", T1, "Ana"), T1);
        assertThat(states.consent("p", "email")).contains("unsubscribed");
        states.setConsent("p", "email", "subscribed", T2.plusSeconds(1));
        assertThat(states.consent("p", "email")).contains("subscribed");
        assertThat(states.consent("p", "sms")).isEmpty();
        assertThat(states.snapshot("p").orElseThrow()).containsEntry("traits", Map.of("firstName", "Ana"));
    }

    @Test
    void anEventThatChangesNothingDoesNotWrite() {
        states.apply("q", snapshot("subscribed", T1, "Ana"), T1);
        long before = version("q");
        states.apply("q", snapshot("subscribed", T1, "Ana"), T2);
        assertThat(version("q")).isEqualTo(before);
        states.apply("q", snapshot("subscribed", T1, "Ana Maria"), T2);
        assertThat(version("q")).isEqualTo(before + 1);
        assertThat(states.snapshot("q").orElseThrow()).containsEntry("traits", Map.of("firstName", "Ana Maria"));
    }

    @Test
    void erasureForgetsTheCopyAndIsRemembered() {
        states.apply("r", snapshot("subscribed", T1, "Ana"), T1);
        states.markErased("r", T2);
        assertThat(states.isErased("r")).isTrue();
        assertThat(states.snapshot("r")).isEmpty();
        assertThat(states.isErased("s")).isFalse();
    }
}
