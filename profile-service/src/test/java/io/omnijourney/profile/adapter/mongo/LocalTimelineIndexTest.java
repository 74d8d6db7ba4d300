package io.omnijourney.profile.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventType;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.contract.touchpoint.TouchpointEventBuilder;
import io.omnijourney.profile.app.TimelineStore;
import io.omnijourney.profile.app.TimelineStore.Entry;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local server's list of each person's timeline entries answers every page exactly as the indexed query does on
 * the same entries: channel and time filters, the {@code before} cursor, ties, merged profiles, redeliveries, trimmed
 * and erased entries, and entries written before the list existed (rebuilt by the schema step).
 */
class LocalTimelineIndexTest {

    private static final String DATABASE = "local-timeline-index-test";
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final List<Channel> CHANNELS = List.of(Channel.WEB, Channel.MOBILE, Channel.EMAIL);

    private MongoDatabase database;
    private MongoTimelineStore listed;
    private MongoTimelineStore plain;

    @BeforeEach
    void stores() {
        database = MongoTestClient.database(DATABASE);
        database.drop();
        listed = new MongoTimelineStore(database, new LocalServerWorkarounds(true), 1_000);
        plain = new MongoTimelineStore(database);
    }

    @AfterEach
    void drop() {
        MongoTestClient.dropDatabase(DATABASE);
    }

    private static TouchpointEvent event(String id, Channel channel, Instant at) {
        return TouchpointEventBuilder.of(EventType.TRACK).messageId(id).event("Product Viewed").userId("u")
                .channel(channel).sourceId("web").timestamp(at).receivedAt(at).build();
    }

    /** 120 entries of p-1 and 30 of p-0 (merged into p-1) and 40 of someone else; every fifth pair shares a time. */
    private List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 190; i++) {
            String profile = i < 120 ? "p-1" : i < 150 ? "p-0" : "other";
            Instant at = T0.plus(Duration.ofMinutes(i % 5 == 0 ? i + 1 : i));
            entries.add(new Entry(profile, event(String.format("m-%03d", (i * 37) % 190), CHANNELS.get(i % 3), at)));
        }
        return entries;
    }

    private static List<String> ids(List<TouchpointEvent> page) {
        return page.stream().map(TouchpointEvent::messageId).toList();
    }

    private void assertSamePages(List<String> person) {
        List<Optional<Channel>> channels = List.of(Optional.empty(), Optional.of(Channel.EMAIL),
                Optional.of(Channel.SMS));
        List<Optional<Instant>> bounds = List.of(Optional.empty(), Optional.of(T0.plus(Duration.ofMinutes(41))));
        for (Optional<Channel> channel : channels) {
            for (Optional<Instant> from : bounds) {
                for (Optional<Instant> to : List.of(Optional.<Instant>empty(),
                        Optional.of(T0.plus(Duration.ofMinutes(130))))) {
                    // Every page of the person, by the before cursor, until the end.
                    Optional<Instant> before = Optional.empty();
                    for (int pageNo = 0; pageNo < 20; pageNo++) {
                        List<TouchpointEvent> expected = plain.page(person, channel, from, to, before, 25);
                        List<TouchpointEvent> actual = listed.page(person, channel, from, to, before, 25);
                        assertThat(ids(actual)).as("%s %s %s page %d", channel, from, to, pageNo)
                                .isEqualTo(ids(expected));
                        if (expected.size() < 25) {
                            break;
                        }
                        before = Optional.of(expected.get(expected.size() - 1).timestamp());
                    }
                }
            }
        }
    }

    @Test
    void everyPageIsTheIndexedQuerysPage() {
        List<Entry> entries = entries();
        assertThat(listed.recordAll(entries.subList(0, 100))).hasSize(100);
        // A redelivery of ten of them with the rest: only the new ones are recorded, the list shows each once.
        assertThat(listed.recordAll(entries.subList(90, 190))).hasSize(90);
        listed.record("p-1", entries.get(5).event());

        List<TouchpointEvent> newest = listed.page(List.of("p-1", "p-0"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 200);
        assertThat(newest).hasSize(150);
        assertThat(ids(newest)).doesNotHaveDuplicates();
        assertSamePages(List.of("p-1", "p-0"));
        assertSamePages(List.of("p-1"));
        assertSamePages(List.of("other"));
    }

    @Test
    void trimmedAndErasedEntriesAreGoneFromThePagesAndFromTheList() {
        listed.recordAll(entries());

        assertThat(listed.trim(List.of("p-1", "p-0"), 40)).isPositive();
        assertThat(listed.page(List.of("p-1", "p-0"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 100)).hasSize(40);
        assertSamePages(List.of("p-1", "p-0"));

        listed.erase(List.of("p-1", "p-0"));
        assertThat(listed.page(List.of("p-1", "p-0"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 100)).isEmpty();
        assertThat(database.getCollection(LocalTimelineIndex.COLLECTION)
                .countDocuments(Filters.in("_id", List.of("p-1", "p-0")))).isZero();
        assertThat(listed.page(List.of("other"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 100)).hasSize(40);
    }

    @Test
    void theListKeepsTheNewestPushedUpToItsCap() {
        MongoTimelineStore small = new MongoTimelineStore(database, new LocalServerWorkarounds(true), 30);
        List<Entry> entries = entries().subList(0, 100);
        for (int i = 0; i < entries.size(); i += 10) {
            small.recordAll(entries.subList(i, i + 10));
        }
        List<?> list = database.getCollection(LocalTimelineIndex.COLLECTION).find(Filters.eq("_id", "p-1")).first()
                .getList("e", Object.class);
        assertThat(list).hasSize(30);
    }

    @Test
    void entriesWrittenBeforeTheListExistedAreListedByTheSchemaStep() {
        TimelineStore before = plain;
        before.recordAll(entries());
        assertThat(listed.page(List.of("p-1"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 10)).isEmpty();

        assertThat(LocalTimelineIndex.rebuild(database)).isEqualTo(190);
        assertThat(LocalTimelineIndex.rebuild(database)).as("run again: the same lists, nothing twice")
                .isEqualTo(190);

        assertSamePages(List.of("p-1", "p-0"));
        assertSamePages(List.of("other"));
    }
}
