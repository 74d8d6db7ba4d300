package io.omnijourney.profile.adapter.mongo;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.profile.app.StoredProfile;
import io.omnijourney.profile.domain.ChannelStats;
import io.omnijourney.profile.domain.ComputedTraits;
import io.omnijourney.profile.domain.EventStamp;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.LinkedIdentifier;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.TraitValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a profile write sends, from the pure difference between the document as read and the replacement. */
class ProfileUpdatesTest {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final String HOSTILE_KEY = "$where.a.b";

    @Test
    void aTraitChangeSetsThatTraitsEntryAndNothingOfTheOtherTraits() {
        StoredProfile read = profile(4, traits("plan", "silver", HOSTILE_KEY, "x", "zone", "eu"), ids(3));
        StoredProfile next = next(read, traits("plan", "gold", HOSTILE_KEY, "x", "zone", "eu"), "m-new");

        Document update = update(read, next);

        Document set = update.get("$set", Document.class);
        assertThat(set.keySet()).containsExactlyInAnyOrder("traits.1.v", "traits.1.m", "version");
        assertThat(set.get("traits.1.v")).isEqualTo("gold");
        assertThat(set.get("version")).isEqualTo(5L);
        assertThat(update.get("$push", Document.class)).isEqualTo(new Document("appliedMessageIds",
                new Document("$each", List.of("m-new")).append("$slice", -4)));
        assertThat(update).doesNotContainKey("$unset");
    }

    @Test
    void noPathEverContainsAUserSuppliedKey() {
        StoredProfile read = profile(1, traits("plan", "a", HOSTILE_KEY, nested(1)), ids(1));
        StoredProfile next = next(read, traits("plan", "a", HOSTILE_KEY, nested(3)), "m-2");

        Document update = update(read, next);

        List<String> paths = new ArrayList<>();
        update.values().forEach(operator -> paths.addAll(((Document) operator).keySet()));
        assertThat(paths).isNotEmpty().allSatisfy(path -> {
            for (String part : path.split("\\.")) {
                assertThat(part).matches("[0-9]+|" + ProfileUpdates.SAFE_NAME.pattern());
            }
        });
        assertThat(paths).noneMatch(path -> path.contains("$") || path.contains("where") || path.contains("deep"));
    }

    @Test
    void aFullWindowOfAppliedMessageIdsSendsOnlyTheNewIdAndKeepsItsBound() {
        StoredProfile read = profile(9, traits("plan", "a"), ids(StoredProfile.MAX_APPLIED));
        StoredProfile next = next(read, traits("plan", "a"), "m-new");

        Document update = update(read, next);

        assertThat(next.appliedMessageIds()).hasSize(StoredProfile.MAX_APPLIED);
        assertThat(update.get("$push", Document.class)).isEqualTo(new Document("appliedMessageIds",
                new Document("$each", List.of("m-new")).append("$slice", -StoredProfile.MAX_APPLIED)));
    }

    @Test
    void aStoredFieldThatIsNoLongerPartOfAProfileIsUnset() {
        StoredProfile read = profile(2, traits("plan", "a"), ids(2));
        StoredProfile next = next(read, traits("plan", "b"), "m-3");
        Document stored = ProfileDocuments.toDocument(read).append(MongoProfileStore.LEGACY_DIGEST, 2364312897L);

        Document update = ProfileUpdates.between(stored, ProfileDocuments.toDocument(written(next))).orElseThrow();

        assertThat(update.get("$unset", Document.class)).isEqualTo(new Document(MongoProfileStore.LEGACY_DIGEST, ""));
        assertThat(update.get("$set", Document.class)).containsKeys("traits.0.v", "version");
    }

    @Test
    void aDocumentWhoseFieldsDifferInOrderOrNumberIsReplacedWhole() {
        StoredProfile read = profile(2, traits("plan", "a"), ids(2));
        Document replacement = ProfileDocuments.toDocument(written(next(read, traits("plan", "b"), "m-3")));
        Document stored = ProfileDocuments.toDocument(read);

        List<String> keys = new ArrayList<>(stored.keySet());
        java.util.Collections.reverse(keys);
        Document reordered = new Document();
        keys.forEach(key -> reordered.append(key, stored.get(key)));
        Document older = new Document(stored);
        older.remove("pushTokens");

        assertThat(ProfileUpdates.between(reordered, replacement)).as("fields in another order").isEmpty();
        assertThat(ProfileUpdates.between(older, replacement)).as("a field the server would append").isEmpty();
        assertThat(ProfileUpdates.between(stored, replacement)).isPresent();
    }

    @Test
    void aListRewrittenMoreThanHalfIsSetWholeAndAShiftedListIsNotMistakenForAnAppend() {
        assertThat(ProfileUpdates.appended(List.of("a", "b", "c"), List.of("b", "c", "d"))).isEqualTo(List.of("d"));
        assertThat(ProfileUpdates.appended(List.of("a", "b"), List.of("a", "b", "c"))).isEqualTo(List.of("c"));
        assertThat(ProfileUpdates.appended(List.of("a", "b", "c"), List.of("a", "c", "d"))).isNull();
        assertThat(ProfileUpdates.appended(List.of("a", "b", "a"), List.of("a", "x"))).as("second occurrence")
                .isEqualTo(List.of("x"));
        assertThat(ProfileUpdates.appended(List.of(), List.of("a"))).isNull();

        Document stored = new Document("_id", "p").append("list", List.of(1, 2, 3, 4)).append("version", 1L);
        Document wanted = new Document("_id", "p").append("list", List.of(9, 8, 7, 4)).append("version", 2L);
        assertThat(ProfileUpdates.between(stored, wanted).orElseThrow().get("$set", Document.class))
                .isEqualTo(new Document("list", List.of(9, 8, 7, 4)).append("version", 2L));
    }

    @Test
    void aTypicalEventSendsAFractionOfTheDocument() {
        StoredProfile read = TypicalProfiles.afterEvents(10);
        StoredProfile next = TypicalProfiles.oneMoreProductView(read);
        Document replacement = ProfileDocuments.toDocument(written(next));

        Document update = ProfileUpdates.between(ProfileDocuments.toDocument(read), replacement).orElseThrow();

        assertThat(update.get("$set", Document.class).keySet()).as("what a product view changes")
                .containsExactlyInAnyOrder("channels.0.last", "channels.0.count", "eventCounters.0.v",
                        "computed.lastActivityAt", "version");
        assertThat(bsonSize(update)).isLessThan(bsonSize(replacement) / 3);
    }

    /** The update of the write from {@code read} to {@code next}, as {@link MongoProfileStore} sends it. */
    private static Document update(StoredProfile read, StoredProfile next) {
        Optional<Document> update = ProfileUpdates.between(ProfileDocuments.toDocument(read),
                ProfileDocuments.toDocument(written(next)));
        return update.orElseThrow();
    }

    static StoredProfile written(StoredProfile next) {
        return next.with(next.profile().withVersion(next.version() + 1));
    }

    static StoredProfile next(StoredProfile read, Map<String, TraitValue> traits, String messageId) {
        Profile p = read.profile();
        Profile changed = new Profile(p.id(), p.createdAt(), p.identifiers(), traits, p.consent(),
                p.consentHistory(), p.pushTokens(), p.channels(), p.eventCounters(), p.computed(), p.segments(),
                p.mergedInto(), p.merges(), p.refusals(), p.version());
        return read.next(changed, messageId);
    }

    static StoredProfile profile(long version, Map<String, TraitValue> traits, List<String> applied) {
        return profile("p-1", version, traits, applied);
    }

    static StoredProfile profile(String id, long version, Map<String, TraitValue> traits, List<String> applied) {
        Profile profile = new Profile(id, T0,
                List.of(new LinkedIdentifier(Identifier.of("userId", "u-1"), new EventStamp(T0, "m-0"))),
                traits, Map.of(), List.of(), List.of(), Map.of(Channel.WEB, new ChannelStats(T0, T0, 3)),
                Map.of("Product Viewed", 3L),
                new ComputedTraits(0, 0, BigDecimal.ZERO, null, null, null, null, T0),
                Set.of(), null, List.of(), List.of(), version);
        return new StoredProfile(profile, applied);
    }

    /** Traits from key, value pairs, each set by the message {@code m-<key>-<value>}. */
    static Map<String, TraitValue> traits(Object... keysAndValues) {
        Map<String, TraitValue> traits = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            traits.put((String) keysAndValues[i], new TraitValue(keysAndValues[i + 1], T0,
                    "m-" + keysAndValues[i] + "-" + keysAndValues[i + 1]));
        }
        return traits;
    }

    private static Map<String, Object> nested(int value) {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put(HOSTILE_KEY, value);
        nested.put("deep.er", 2);
        return nested;
    }

    static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "m-" + i).toList();
    }

    static int bsonSize(Document document) {
        return new org.bson.RawBsonDocument(document, new org.bson.codecs.DocumentCodec()).getByteBuffer().remaining();
    }
}
