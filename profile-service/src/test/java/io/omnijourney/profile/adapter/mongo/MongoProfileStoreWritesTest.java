package io.omnijourney.profile.adapter.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.omnijourney.profile.app.StoredProfile;
import io.omnijourney.testsupport.SharedInfra;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link MongoProfileStore} sends for a profile write, seen on the wire (a command listener on the driver), and
 * what the server then holds: after a read of the same version, an update of what changed whose result is exactly the
 * document a replace would have written; without one, a replace.
 */
class MongoProfileStoreWritesTest {

    private static final LocalServerWorkarounds ON = new LocalServerWorkarounds(true);
    private static final LocalServerWorkarounds OFF = new LocalServerWorkarounds(false);
    private static final String DATABASE = "profile-writes-test";

    private final List<BsonDocument> writes = new CopyOnWriteArrayList<>();
    private MongoClient client;
    private MongoDatabase database;
    private MongoCollection<Document> profiles;

    @BeforeEach
    void listeningClient() {
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(SharedInfra.mongoConnectionString()))
                .addCommandListener(updateRecorder(writes)).build());
        database = client.getDatabase(DATABASE);
        profiles = database.getCollection(MongoProfileStore.COLLECTION);
    }

    @AfterEach
    void drop() {
        database.drop();
        client.close();
    }

    @Test
    void aWriteAfterAReadSendsWhatChangedAndStoresExactlyTheNewDocument() {
        MongoProfileStore store = new MongoProfileStore(database, ON);
        store.insert(TypicalProfiles.afterEvents(10));
        StoredProfile read = store.load("p-1").orElseThrow();

        StoredProfile written = store.replace(TypicalProfiles.oneMoreProductView(read)).orElseThrow();

        BsonDocument sent = onlyUpdateSent();
        assertThat(sent.getDocument("q")).isEqualTo(BsonDocument.parse("{_id: 'p-1', version: {$numberLong: '0'}}"));
        assertThat(sent.getDocument("u").getDocument("$set").keySet()).containsExactlyInAnyOrder("channels.0.last",
                "channels.0.count", "eventCounters.0.v", "computed.lastActivityAt", "version");
        assertThat(sent.getDocument("u").getDocument("$push").keySet()).containsExactly("appliedMessageIds");
        assertThat(profiles.find().first()).as("exactly what a replace would have stored")
                .isEqualTo(ProfileDocuments.toDocument(written));
        assertThat(store.load("p-1")).contains(written);
    }

    @Test
    void aTraitChangeSetsTheTraitsEntryByPositionNeverByItsName() {
        MongoProfileStore store = new MongoProfileStore(database, ON);
        store.insert(ProfileUpdatesTest.profile(0, ProfileUpdatesTest.traits("plan", "silver",
                ProfileUpdatesTest.HOSTILE_KEY, "x", "zone", "eu"), ProfileUpdatesTest.ids(3)));
        StoredProfile read = store.load("p-1").orElseThrow();

        StoredProfile written = store.replace(ProfileUpdatesTest.next(read, ProfileUpdatesTest.traits("plan", "gold",
                ProfileUpdatesTest.HOSTILE_KEY, "x", "zone", "eu"), "m-4")).orElseThrow();

        assertThat(onlyUpdateSent().getDocument("u").getDocument("$set").keySet())
                .containsExactlyInAnyOrder("traits.1.v", "traits.1.m", "version");
        assertThat(store.load("p-1")).contains(written);
        assertThat(written.profile().traits().get("plan").value()).isEqualTo("gold");
    }

    @Test
    void withoutAReadOfThatVersionTheWholeDocumentIsReplaced() {
        new MongoProfileStore(database, ON).insert(TypicalProfiles.afterEvents(3));
        MongoProfileStore another = new MongoProfileStore(database, ON);

        StoredProfile written = another.replace(TypicalProfiles.oneMoreProductView(TypicalProfiles.afterEvents(3)))
                .orElseThrow();

        assertThat(onlyUpdateSent().getDocument("u").keySet()).noneMatch(key -> key.startsWith("$"));
        assertThat(another.load("p-1")).contains(written);
    }

    @Test
    void aWriteThatLostTheRaceChangesNothingInBulkOrAlone() {
        MongoProfileStore store = new MongoProfileStore(database, ON);
        store.insert(TypicalProfiles.afterEvents(3));
        StoredProfile read = store.load("p-1").orElseThrow();
        StoredProfile winner = new MongoProfileStore(database, ON).replace(
                ProfileUpdatesTest.next(read, read.profile().traits(), "m-winner")).orElseThrow();

        assertThat(store.writeAll(List.of(), List.of(TypicalProfiles.oneMoreProductView(read))))
                .containsExactly("p-1");
        assertThat(store.replace(TypicalProfiles.oneMoreProductView(read))).isEmpty();
        assertThat(store.load("p-1")).contains(winner);
    }

    @Test
    void bulkWritesInsertNewProfilesAndUpdateTheOthers() {
        MongoProfileStore store = new MongoProfileStore(database, ON);
        store.insert(TypicalProfiles.afterEvents(5));
        StoredProfile read = store.load("p-1").orElseThrow();
        StoredProfile other = ProfileUpdatesTest.profile("p-2", 0, ProfileUpdatesTest.traits("plan", "a"),
                List.of("m-x"));
        StoredProfile next = TypicalProfiles.oneMoreProductView(read);

        assertThat(store.writeAll(List.of(other), List.of(next))).isEmpty();

        assertThat(onlyUpdateSent().getDocument("u").keySet()).contains("$set", "$push");
        assertThat(store.load("p-1")).contains(ProfileUpdatesTest.written(next));
        assertThat(store.load("p-2")).contains(other);
    }

    /** On real MongoDB (workarounds off): a field the write does not change is not sent, so an edit of it stays. */
    @Test
    void productionPathAFieldTheWriteDoesNotChangeIsNotSentAndAStoredDigestIsUnset() {
        profiles.insertOne(ProfileDocuments.toDocument(TypicalProfiles.afterEvents(4))
                .append(MongoProfileStore.LEGACY_DIGEST, 2364312897L));
        MongoProfileStore store = new MongoProfileStore(database, OFF);
        StoredProfile read = store.load("p-1").orElseThrow();
        Date edited = new Date(0);
        profiles.updateOne(Filters.eq("_id", "p-1"), Updates.set("createdAt", edited));
        writes.clear();

        StoredProfile written = store.replace(TypicalProfiles.oneMoreProductView(read)).orElseThrow();

        Document stored = profiles.find().first();
        assertThat(stored.get("createdAt")).as("edited outside, not part of the write").isEqualTo(edited);
        assertThat(stored).doesNotContainKey(MongoProfileStore.LEGACY_DIGEST);
        assertThat(onlyUpdateSent().getDocument("u").getDocument("$unset").keySet())
                .containsExactly(MongoProfileStore.LEGACY_DIGEST);
        stored.put("createdAt", ProfileDocuments.toDocument(written).get("createdAt"));
        assertThat(stored).isEqualTo(ProfileDocuments.toDocument(written));
    }

    /**
     * Keeps every {@code update} command the driver sends. A proxy rather than a class: Quarkus' MongoDB extension
     * makes every {@link CommandListener} class in the (test) index a bean of the service under test.
     */
    private static CommandListener updateRecorder(List<BsonDocument> writes) {
        return (CommandListener) Proxy.newProxyInstance(CommandListener.class.getClassLoader(),
                new Class<?>[] {CommandListener.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "commandStarted" -> {
                        if (args[0] instanceof CommandStartedEvent event && event.getCommandName().equals("update")) {
                            writes.add(event.getCommand().clone());
                        }
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "update recorder";
                    default -> null;
                });
    }

    /** The single update statement of the one {@code update} command sent since the test began. */
    private BsonDocument onlyUpdateSent() {
        assertThat(writes).hasSize(1);
        List<BsonValue> statements = writes.get(0).getArray("updates");
        assertThat(statements).hasSize(1);
        return statements.get(0).asDocument();
    }
}
