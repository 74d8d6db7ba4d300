package io.omnijourney.notification.adapter.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.omnijourney.kit.mongo.Migration;
import io.omnijourney.kit.mongo.Migration.IndexChanges;
import io.omnijourney.notification.app.DailyCaps.Window;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * notification-service's schema, as the ordered list of migrations the {@code MigrationRunner} applies (at start-up
 * or by the migration Job, {@code omnijourney.notification.mongo.migrations}). Released ids never change; a new
 * index, drop or data pass is a new entry at the end.
 */
public final class NotificationMigrations {

    static final String LEDGER_EXACT_KEY = "_id_1_state_1";
    static final String PROFILES_EXACT_KEY = "_id_1_version_1";

    private NotificationMigrations() {
    }

    /**
     * Every migration, in order. The exact-key indexes of {@link LocalServerWorkarounds} are created only where the
     * workarounds are on; where they are off (real MongoDB) they are dropped, since earlier versions created them
     * everywhere and they are rewritten on nearly every write for nothing.
     */
    public static List<Migration> all(LocalServerWorkarounds workarounds) {
        List<Migration> migrations = new ArrayList<>(List.of(
                new Migration("notification-0001-ledger-profile-index", "ledger: a profile's deliveries, newest first",
                        // Deliveries by person (GET /deliveries?profileId=, erasure).
                        IndexChanges.create("ledger", new IndexModel(Indexes.compoundIndex(
                                Indexes.ascending("profileId"), Indexes.descending("createdAt"))))),
                new Migration("notification-0002-daily-caps-indexes", "daily_caps: by profile, TTL on expireAt",
                        IndexChanges.create("daily_caps",
                                // Erasure deletes a person's counters.
                                new IndexModel(Indexes.ascending("profileId")),
                                // Real MongoDB deletes a counter once its day is over (the local server has no TTL
                                // monitor: DailyCapPurge does the same there).
                                new IndexModel(Indexes.ascending("expireAt"),
                                        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)))),
                new Migration("notification-0003-daily-caps-expiry", "daily_caps: an expiry for counters kept without",
                        // Counters written before they carried expireAt get the latest expiry a counter of today
                        // would have; one update, the same result when repeated.
                        new Migration.Task(database -> database.getCollection("daily_caps").updateMany(
                                Filters.exists("expireAt", false), Updates.set("expireAt",
                                        Date.from(Window.expiryOf(LocalDate.now(ZoneOffset.UTC)))))
                                .getModifiedCount())),
                new Migration("notification-0004-inbox-profile-index", "inbox: a profile's messages, newest first",
                        IndexChanges.create("inbox", new IndexModel(Indexes.compoundIndex(
                                Indexes.ascending("profileId"), Indexes.descending("createdAt"))))),
                new Migration("notification-0005-links-profile-index", "links: a profile's tracked links (erasure)",
                        IndexChanges.create("links", new IndexModel(Indexes.ascending("profileId")))),
                new Migration("notification-0006-templates-id-index", "templates: the channels of a template",
                        IndexChanges.create("templates", new IndexModel(Indexes.ascending("templateId"))))));
        if (workarounds.enabled()) {
            migrations.add(new Migration("notification-0007-local-exact-key-index-ledger",
                    "ledger: unique (_id, state) for the local server's conditional writes",
                    IndexChanges.create("ledger", LocalServerWorkarounds.exactKeyIndex("_id", "state"))));
            migrations.add(new Migration("notification-0008-local-exact-key-index-profiles",
                    "profiles: unique (_id, version) for the local server's conditional writes",
                    IndexChanges.create("profiles", LocalServerWorkarounds.exactKeyIndex("_id", "version"))));
        } else {
            migrations.add(new Migration("notification-0009-drop-exact-key-index-ledger",
                    "ledger: drops the (_id, state) index real MongoDB does not need",
                    IndexChanges.drop("ledger", LEDGER_EXACT_KEY)));
            migrations.add(new Migration("notification-0010-drop-exact-key-index-profiles",
                    "profiles: drops the (_id, version) index real MongoDB does not need",
                    IndexChanges.drop("profiles", PROFILES_EXACT_KEY)));
        }
        return List.copyOf(migrations);
    }
}
