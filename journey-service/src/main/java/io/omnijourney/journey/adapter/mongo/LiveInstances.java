package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.omnijourney.journey.app.ProfileCache.CachedProfile;
import io.omnijourney.journey.app.ProfileCache.ProfileWrite;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Where a profile's <b>live</b> instances (those an event can still change) are recorded, for
 * {@link MongoProfileCache} and {@link MongoInstanceStore}. {@link LocalServerWorkarounds#liveInstances} picks one
 * of two:
 * <ul>
 *   <li>{@link ListedLiveInstances} (local server): listed in the profile document ({@code live.<id>}), read with
 *   it by {@code _id}; the local server would scan {@code instances} for a query on {@code profileId}.</li>
 *   <li>{@link FlaggedLiveInstances} (real MongoDB): a {@code live: true} flag on the instance, set when it is
 *   inserted and removed when it is unlisted; the live instances of a poll's profiles are one {@code profileId $in}
 *   query served by a partial index over flagged instances ({@link #flaggedIndexes()}). The profile document
 *   carries no {@code live} map.</li>
 * </ul>
 * Either way the unit of work sees the same {@link CachedProfile#live()} and makes the same listing decisions
 * ({@link ProfileWrite#listed()}, {@link ProfileWrite#unlisted()}); the entry records stay in the profile document on
 * both paths.
 */
interface LiveInstances {

    /** The field of an instance document that flags it live (real-MongoDB path). */
    String LIVE = "live";
    String LIVE_INDEX = "profileId_live";

    /**
     * The documents found for {@code profileIds} (their {@code live} as the documents list it) with their live
     * instances; a profile without a document but with live instances is added.
     */
    Map<String, CachedProfile> complete(Collection<String> profileIds, Map<String, CachedProfile> documents);

    /** Adds to a profile document's update what {@code write} lists and unlists. */
    void listing(ProfileWrite write, List<Bson> sets);

    /** Adds to a legacy document's rewrite (its whole listing replaced) the listing part. */
    void rewrite(CachedProfile rewrite, List<Bson> sets);

    /** After the profile documents of {@code writes} were written. */
    void written(Collection<ProfileWrite> writes);

    /** A new instance's document, as it is inserted. */
    Document inserted(Document instance);

    static LiveInstances listed() {
        return ListedLiveInstances.INSTANCE;
    }

    static LiveInstances flagged(MongoDatabase database) {
        return new FlaggedLiveInstances(database.getCollection("instances"));
    }

    /** The partial index of the live-instances query: {@code {profileId: 1}} over flagged instances only. */
    static List<IndexModel> flaggedIndexes() {
        return List.of(new IndexModel(Indexes.ascending("profileId"), new IndexOptions().name(LIVE_INDEX)
                .partialFilterExpression(new Document(LIVE, true))));
    }
}
