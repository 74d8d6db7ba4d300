package io.omnijourney.journey.adapter.mongo;

import com.mongodb.client.model.Updates;
import io.omnijourney.journey.app.ProfileCache.CachedProfile;
import io.omnijourney.journey.app.ProfileCache.InstanceRef;
import io.omnijourney.journey.app.ProfileCache.ProfileWrite;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Live instances listed in the profile document ({@code live.<id>: {j: journeyId, e: enteredAt}}), for the local
 * wire-protocol server ({@link LocalServerWorkarounds}, item 4). Listing an instance again is an idempotent
 * {@code $set} of one path, so concurrent writers (the consumer, a manual enrollment) never overwrite each other's.
 */
final class ListedLiveInstances implements LiveInstances {

    static final ListedLiveInstances INSTANCE = new ListedLiveInstances();

    private ListedLiveInstances() {
    }

    @Override
    public Map<String, CachedProfile> complete(Collection<String> profileIds, Map<String, CachedProfile> documents) {
        return documents;
    }

    @Override
    public void listing(ProfileWrite write, List<Bson> sets) {
        for (InstanceRef ref : write.listed()) {
            sets.add(Updates.set(LIVE + "." + ref.instanceId(), ref(ref)));
        }
        for (String unlisted : write.unlisted()) {
            sets.add(Updates.unset(LIVE + "." + unlisted));
        }
    }

    @Override
    public void rewrite(CachedProfile rewrite, List<Bson> sets) {
        Document live = new Document();
        rewrite.live().values().forEach(ref -> live.append(ref.instanceId(), ref(ref)));
        sets.add(Updates.set(LIVE, live));
    }

    @Override
    public void written(Collection<ProfileWrite> writes) {
    }

    @Override
    public Document inserted(Document instance) {
        return instance;
    }

    private static Document ref(InstanceRef ref) {
        return new Document("j", ref.journeyId()).append("e", Date.from(ref.enteredAt()));
    }
}
