package io.omnijourney.notification.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.notification.app.ProfileCopy;
import io.omnijourney.notification.app.ProfileStates;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Consent per channel keeps the newest statement whatever the order of arrival; the copy keeps the newest profile
 * version; events that change neither write nothing.
 */
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

    private static ProfileSnapshot versioned(long version, String firstName) {
        return new ProfileSnapshot(Map.of("email", List.of("ana@example.com")), Map.of("firstName", firstName,
                "locale", "pt-PT", "timezone", "Europe/Lisbon"), Map.of(), Map.of(), List.of(), version);
    }

    private Document stored(String profileId) {
        return db.getCollection("profiles").find(Filters.eq("_id", profileId)).first();
    }

    private long version(String profileId) {
        return stored(profileId).get("version", Number.class).longValue();
    }

    /** A copy as an earlier version kept it: with a {@code digest} checksum field next to its content. */
    private void keptByAnEarlierVersion(String profileId, long profileVersion, String firstName) {
        states.apply(profileId, versioned(profileVersion, firstName), T1);
        states.setConsent(profileId, "email", "subscribed", T1);
        db.getCollection("profiles").updateOne(Filters.eq("_id", profileId), Updates.set("digest", 3_141_592_653L));
    }

    @Test
    void newestConsentWinsAndAnOlderStatementArrivingLateIsIgnored() {
        states.apply("p", snapshot("unsubscribed", T2, "Ana"), T2);
        states.apply("p", snapshot("subscribed", T1, "Ana"), T1);
        assertThat(states.consent("p", "email")).contains("unsubscribed");
        states.setConsent("p", "email", "subscribed", T2.plusSeconds(1));
        assertThat(states.consent("p", "email")).contains("subscribed");
        assertThat(states.consent("p", "sms")).isEmpty();
        assertThat(states.copy("p").orElseThrow().traits()).isEqualTo(Map.of("firstName", "Ana"));
    }

    @Test
    void anEventThatChangesNothingDoesNotWrite() {
        states.apply("q", snapshot("subscribed", T1, "Ana"), T1);
        long before = version("q");
        states.apply("q", snapshot("subscribed", T1, "Ana"), T2);
        assertThat(version("q")).isEqualTo(before);
        states.apply("q", snapshot("subscribed", T1, "Ana Maria"), T2);
        assertThat(version("q")).isEqualTo(before + 1);
        assertThat(states.copy("q").orElseThrow().traits()).isEqualTo(Map.of("firstName", "Ana Maria"));
    }

    @Test
    void theCopyKeepsTheNewestProfileVersionWhateverTheEventTimes() {
        states.apply("v", versioned(3, "Ana"), T1);
        states.apply("v", versioned(2, "Old Ana"), T2);

        ProfileCopy copy = states.copy("v").orElseThrow();
        assertThat(copy.version()).isEqualTo(3L);
        assertThat(copy.traits()).containsEntry("firstName", "Ana");
        assertThat(copy.identifiers()).containsEntry("email", List.of("ana@example.com"));
        assertThat(copy.locale()).isEqualTo("pt-PT");
        assertThat(copy.timezone()).isEqualTo("Europe/Lisbon");
        assertThat(copy.isOlderThan(3L)).isFalse();
        assertThat(copy.isOlderThan(4L)).isTrue();
        assertThat(copy.isOlderThan(null)).isFalse();

        long before = version("v");
        states.apply("v", versioned(4, "Ana"), T1);
        assertThat(states.copy("v").orElseThrow().version()).as("a new version with the same data is kept")
                .isEqualTo(4L);
        assertThat(version("v")).isEqualTo(before + 1);
        states.apply("v", versioned(4, "Ana"), T2);
        assertThat(version("v")).as("the same version again writes nothing").isEqualTo(before + 1);
    }

    @Test
    void aCopyKeptBeforeVersionsIsBehindAnyVersionedRequestAndReplacedByTheFirstVersionedSnapshot() {
        states.apply("u", snapshot("subscribed", T2, "Ana"), T2);
        assertThat(states.copy("u").orElseThrow().version()).isNull();
        assertThat(states.copy("u").orElseThrow().isOlderThan(1L)).isTrue();

        states.apply("u", versioned(1, "Ana V"), T1);
        assertThat(states.copy("u").orElseThrow().version()).isEqualTo(1L);
        assertThat(states.copy("u").orElseThrow().traits()).containsEntry("firstName", "Ana V");
    }

    @Test
    void erasureForgetsTheCopyAndIsRemembered() {
        states.apply("r", snapshot("subscribed", T1, "Ana"), T1);
        states.markErased("r", T2);
        assertThat(states.isErased("r")).isTrue();
        assertThat(states.copy("r")).isEmpty();
        assertThat(states.isErased("s")).isFalse();
    }

    @Test
    void factsReadInBulkAnswerAsTheLiveReadsDoAndReadOtherProfilesLive() {
        states.apply("f1", snapshot("unsubscribed", T1, "Ana"), T1);
        states.apply("f2", snapshot("subscribed", T1, "Bo"), T1);
        states.markErased("f3", T1);

        ProfileStates.Facts facts = states.facts(List.of("f1", "f2", "f3", "f4"));
        ProfileStates.Facts live = states.live();
        for (String id : List.of("f1", "f2", "f3", "f4")) {
            assertThat(facts.isErased(id)).as(id).isEqualTo(live.isErased(id));
            assertThat(facts.consent(id, "email")).as(id).isEqualTo(live.consent(id, "email"));
            assertThat(facts.consent(id, "sms")).as(id).isEmpty();
            assertThat(facts.copy(id)).as(id).isEqualTo(live.copy(id));
        }
        assertThat(facts.copy("f2").orElseThrow().traits()).containsEntry("firstName", "Bo");
        assertThat(facts.copy("f3")).isEmpty();
        assertThat(facts.consent("f1", "email")).contains("unsubscribed");
        assertThat(facts.consent("f2", "email")).contains("subscribed");
        assertThat(facts.isErased("f3")).isTrue();

        // The bulk read is a snapshot of the listed profiles; one not listed is read when asked.
        states.markErased("f5", T2);
        states.setConsent("f2", "email", "unsubscribed", T2);
        assertThat(facts.isErased("f5")).isTrue();
        assertThat(facts.consent("f2", "email")).contains("subscribed");
        assertThat(states.facts(List.of("f2")).consent("f2", "email")).contains("unsubscribed");
    }

    @Test
    void aBatchGivesWhatOneByOneGivesInOneWriteAndSkipsTheErased() {
        states.apply("b1", snapshot("subscribed", T1, "Ana"), T1);
        long b1Before = version("b1");
        states.markErased("gone", T1);
        // A one-by-one reference on another database, fed the same events.
        MongoProfileStates reference = new MongoProfileStates(MongoTestClient.database("notification-states-ref-"
                + UUID.randomUUID().toString().substring(0, 8)));
        reference.apply("b1", snapshot("subscribed", T1, "Ana"), T1);

        ProfileStates.Batch batch = states.batch(List.of("b1", "b2", "gone", "b3"));
        reference.apply("b1", snapshot("unsubscribed", T2, "Ana"), T2);
        reference.apply("b1", snapshot("subscribed", T1, "Ana B"), T2);
        reference.apply("b2", snapshot("subscribed", T1, "Bo"), T1);
        batch.apply("b1", snapshot("unsubscribed", T2, "Ana"), T2);
        batch.apply("b1", snapshot("subscribed", T1, "Ana B"), T2);
        batch.apply("b2", snapshot("subscribed", T1, "Bo"), T1);
        batch.apply("gone", snapshot("subscribed", T1, "Gone"), T1);
        batch.apply("b3", snapshot("subscribed", T1, "Cy"), T1);
        batch.erased("b3");
        assertThat(states.copy("b2")).as("nothing written before flush").isEmpty();
        batch.flush();

        assertThat(states.consent("b1", "email")).contains("unsubscribed").isEqualTo(reference.consent("b1", "email"));
        assertThat(states.copy("b1")).isEqualTo(reference.copy("b1"));
        assertThat(states.copy("b2")).isEqualTo(reference.copy("b2")).isPresent();
        assertThat(version("b1")).as("two events of one profile: one write").isEqualTo(b1Before + 1);
        assertThat(states.copy("gone")).as("erased before the batch").isEmpty();
        assertThat(states.copy("b3")).as("erased within the batch").isEmpty();
    }

    @Test
    void aBatchWriteThatLostARaceIsRedoneOneByOne() {
        states.apply("c", snapshot("subscribed", T1, "Ana"), T1);
        ProfileStates.Batch batch = states.batch(List.of("c"));
        batch.apply("c", snapshot("subscribed", T1, "Ana C"), T2);
        // A one-click unsubscribe lands between the batch's read and its write.
        states.setConsent("c", "email", "unsubscribed", T2.plusSeconds(5));
        batch.flush();

        assertThat(states.consent("c", "email")).contains("unsubscribed");
        assertThat(states.copy("c").orElseThrow().traits()).isEqualTo(Map.of("firstName", "Ana C"));
    }

    @Test
    void aCopyWithTheChecksumOfAnEarlierVersionReadsAsItsContentAndLosesTheChecksumOnItsNextChange() {
        keptByAnEarlierVersion("l1", 3, "Ana");
        keptByAnEarlierVersion("l2", 3, "Bo");
        long l1Before = version("l1");
        long l2Before = version("l2");

        ProfileCopy copy = states.copy("l1").orElseThrow();
        assertThat(copy.version()).isEqualTo(3L);
        assertThat(copy.traits()).containsEntry("firstName", "Ana");
        ProfileStates.Facts facts = states.facts(List.of("l1", "l2"));
        assertThat(facts.copy("l1")).contains(copy);
        assertThat(facts.consent("l2", "email")).contains("subscribed");

        states.apply("l1", versioned(3, "Ana"), T2);
        ProfileStates.Batch unchanged = states.batch(List.of("l2"));
        unchanged.apply("l2", versioned(3, "Bo"), T2);
        unchanged.flush();
        assertThat(version("l1")).as("an unchanged copy writes nothing").isEqualTo(l1Before);
        assertThat(version("l2")).as("an unchanged copy writes nothing").isEqualTo(l2Before);

        states.apply("l1", versioned(4, "Ana L"), T2);
        ProfileStates.Batch changed = states.batch(List.of("l2"));
        changed.apply("l2", versioned(4, "Bo L"), T2);
        changed.flush();
        for (String id : List.of("l1", "l2")) {
            assertThat(stored(id)).as(id).doesNotContainKey("digest");
            assertThat(states.copy(id).orElseThrow().version()).as(id).isEqualTo(4L);
            assertThat(states.consent(id, "email")).as(id).contains("subscribed");
        }
        assertThat(version("l1")).isEqualTo(l1Before + 1);
        assertThat(version("l2")).isEqualTo(l2Before + 1);
        assertThat(states.copy("l2").orElseThrow().traits()).containsEntry("firstName", "Bo L");
    }
}
