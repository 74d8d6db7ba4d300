package io.omnijourney.profile.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import io.omnijourney.testsupport.MongoTestClient;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timeline's indexes as the store leaves them: the page and trim sort has its index, the replaced one is gone. */
class TimelineIndexesTest {

    private static final String DATABASE = "timeline-indexes";

    @AfterEach
    void drop() {
        MongoTestClient.dropDatabase(DATABASE);
    }

    @Test
    void theSortIndexIncludesIdAndTheIndexItReplacedIsDropped() {
        MongoTestClient.dropDatabase(DATABASE);
        MongoDatabase database = MongoTestClient.database(DATABASE);
        database.getCollection(MongoTimelineStore.COLLECTION).createIndex(
                Indexes.compoundIndex(Indexes.ascending("profileId"), Indexes.descending("timestamp")));
        assertThat(names(database)).contains("profileId_1_timestamp_-1");

        new MongoTimelineStore(database);

        assertThat(names(database)).contains("profileId_1_timestamp_-1__id_-1", "eventName_1_timestamp_1")
                .doesNotContain("profileId_1_timestamp_-1");
        new MongoTimelineStore(database);
        assertThat(names(database)).as("a second start finds nothing to drop").contains("profileId_1_timestamp_-1__id_-1");
    }

    private static List<String> names(MongoDatabase database) {
        List<String> names = new ArrayList<>();
        database.getCollection(MongoTimelineStore.COLLECTION).listIndexes()
                .forEach((Document d) -> names.add(d.getString("name")));
        return names;
    }
}
