package io.omnijourney.profile.adapter.mongo;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.IsoInstants;
import io.omnijourney.profile.app.OutboxEntry;
import io.omnijourney.profile.app.StoredProfile;
import io.omnijourney.profile.domain.ChannelStats;
import io.omnijourney.profile.domain.ComputedTraits;
import io.omnijourney.profile.domain.ConsentChange;
import io.omnijourney.profile.domain.ConsentChannel;
import io.omnijourney.profile.domain.ConsentState;
import io.omnijourney.profile.domain.ConsentStatus;
import io.omnijourney.profile.domain.EventStamp;
import io.omnijourney.profile.domain.Identifier;
import io.omnijourney.profile.domain.LinkedIdentifier;
import io.omnijourney.profile.domain.MergeRecord;
import io.omnijourney.profile.domain.Profile;
import io.omnijourney.profile.domain.PushToken;
import io.omnijourney.profile.domain.Refusal;
import io.omnijourney.profile.domain.RefusalReason;
import io.omnijourney.profile.domain.Score;
import io.omnijourney.profile.domain.SignalSource;
import io.omnijourney.profile.domain.TraitValue;
import org.bson.Document;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@link StoredProfile} to and from the {@code profiles} collection.
 *
 * <p>No user-supplied string ever becomes a field name or a path: trait keys, counter names and the keys of nested
 * trait maps are stored as arrays of {@code {k, v}} entries. A nested map is written as {@code {"entries": [...]}}
 * rather than as a JSON string so that it stays queryable ({@code $elemMatch}) and keeps its numbers' BSON types.
 *
 * <p>Instants are BSON dates when they are whole milliseconds (what queries and TTL need) and ISO-8601 strings
 * otherwise: last-write-wins compares full precision, and a truncated stamp could flip a tie on reload.
 */
public final class ProfileDocuments {

    static final String ID = "_id";
    static final String VERSION = "version";
    private static final String ENTRIES = "entries";
    private static final String BIG_INTEGER = "bigInteger";
    private static final String BIG_DECIMAL = "bigDecimal";

    private ProfileDocuments() {
    }

    public static Document toDocument(StoredProfile stored) {
        Profile p = stored.profile();
        return new Document(ID, p.id())
                .append("createdAt", instant(p.createdAt()))
                .append("identifiers", map(p.identifiers(), l -> new Document("t", l.type()).append("v", l.value())
                        .append("at", instant(l.linked().at())).append("m", l.linked().messageId())))
                .append("traits", map(p.traits().entrySet(), e -> new Document("k", e.getKey())
                        .append("v", value(e.getValue().value())).append("at", instant(e.getValue().updatedAt()))
                        .append("m", e.getValue().messageId())))
                .append("consent", map(p.consent().entrySet(), e -> consent(e.getKey(), e.getValue())))
                .append("consentHistory", map(p.consentHistory(), c -> consent(c.channel(), c.state())))
                .append("pushTokens", map(p.pushTokens(), t -> new Document("token", t.token())
                        .append("platform", t.platform()).append("at", instant(t.seen().at()))
                        .append("m", t.seen().messageId())))
                .append("channels", map(p.channels().entrySet(), e -> new Document("channel", e.getKey().name())
                        .append("first", instant(e.getValue().firstSeenAt()))
                        .append("last", instant(e.getValue().lastSeenAt())).append("count", e.getValue().count())))
                .append("eventCounters", map(p.eventCounters().entrySet(),
                        e -> new Document("k", e.getKey()).append("v", e.getValue())))
                .append("computed", computed(p.computed()))
                .append("segments", new ArrayList<>(p.segments()))
                .append("mergedInto", p.mergedInto())
                .append("merges", map(p.merges(), m -> new Document("from", m.fromProfileId())
                        .append("m", m.messageId()).append("at", instant(m.at()))
                        .append("linking", map(m.linking(), i -> new Document("t", i.type()).append("v", i.value())))))
                .append("refusals", map(p.refusals(), r -> new Document("t", r.type()).append("v", r.value())
                        .append("reason", r.reason().name()).append("m", r.messageId()).append("at", instant(r.at()))))
                .append("appliedMessageIds", stored.appliedMessageIds())
                .append("outbox", map(stored.outbox(), o -> new Document("id", o.eventId()).append("cause", o.cause())
                        .append("json", o.json())))
                .append(VERSION, p.version());
    }

    public static StoredProfile fromDocument(Document d) {
        Profile profile = new Profile(
                d.getString(ID),
                instant(d.get("createdAt")),
                docs(d, "identifiers").stream().map(e -> new LinkedIdentifier(Identifier.of(e.getString("t"),
                        e.getString("v")), new EventStamp(instant(e.get("at")), e.getString("m")))).toList(),
                toMap(docs(d, "traits"), e -> e.getString("k"),
                        e -> new TraitValue(fromValue(e.get("v")), instant(e.get("at")), e.getString("m"))),
                toEnumMap(ConsentChannel.class, docs(d, "consent"), e -> ConsentChannel.valueOf(e.getString("channel")),
                        ProfileDocuments::consentState),
                docs(d, "consentHistory").stream().map(e -> new ConsentChange(
                        ConsentChannel.valueOf(e.getString("channel")), consentState(e))).toList(),
                docs(d, "pushTokens").stream().map(e -> new PushToken(e.getString("token"), e.getString("platform"),
                        new EventStamp(instant(e.get("at")), e.getString("m")))).toList(),
                toEnumMap(Channel.class, docs(d, "channels"), e -> Channel.valueOf(e.getString("channel")),
                        e -> new ChannelStats(instant(e.get("first")), instant(e.get("last")),
                                e.get("count", Number.class).longValue())),
                toMap(docs(d, "eventCounters"), e -> e.getString("k"), e -> e.get("v", Number.class).longValue()),
                computed(d.get("computed", Document.class)),
                new LinkedHashSet<>(d.getList("segments", String.class, List.of())),
                d.getString("mergedInto"),
                docs(d, "merges").stream().map(e -> new MergeRecord(e.getString("from"), e.getString("m"),
                        instant(e.get("at")), docs(e, "linking").stream()
                        .map(i -> Identifier.of(i.getString("t"), i.getString("v"))).toList())).toList(),
                docs(d, "refusals").stream().map(e -> new Refusal(e.getString("t"), e.getString("v"),
                        RefusalReason.valueOf(e.getString("reason")), e.getString("m"), instant(e.get("at")))).toList(),
                d.get(VERSION, Number.class).longValue());
        return new StoredProfile(profile, d.getList("appliedMessageIds", String.class, List.of()),
                docs(d, "outbox").stream().map(o -> new OutboxEntry(o.getString("id"), o.getString("cause"),
                        o.getString("json"))).toList());
    }

    private static Document consent(ConsentChannel channel, ConsentState state) {
        return new Document("channel", channel.name()).append("status", state.status().name())
                .append("at", instant(state.updatedAt())).append("m", state.messageId())
                .append("source", state.source().name()).append("eventAt", instant(state.eventAt()))
                .append("receivedAt", instant(state.receivedAt()));
    }

    /** Entries written before sources were recorded read as a client's signal with all three times equal. */
    private static ConsentState consentState(Document e) {
        Instant at = instant(e.get("at"));
        String source = e.getString("source");
        return new ConsentState(ConsentStatus.valueOf(e.getString("status")), at, e.getString("m"),
                source == null ? SignalSource.CLIENT : SignalSource.valueOf(source),
                e.get("eventAt") == null ? at : instant(e.get("eventAt")),
                e.get("receivedAt") == null ? at : instant(e.get("receivedAt")));
    }

    private static Document computed(ComputedTraits c) {
        return new Document("orderCount", c.orderCount())
                .append("refundCount", c.refundCount())
                .append("lifetimeRevenue", new Decimal128(c.lifetimeRevenue()))
                .append("lastOrderAt", instant(c.lastOrderAt()))
                .append("lastNps", score(c.lastNps()))
                .append("lastCsat", score(c.lastCsat()))
                .append("lastCes", score(c.lastCes()))
                .append("lastActivityAt", instant(c.lastActivityAt()));
    }

    private static ComputedTraits computed(Document d) {
        return new ComputedTraits(d.get("orderCount", Number.class).longValue(),
                d.get("refundCount", Number.class).longValue(),
                d.get("lifetimeRevenue", Decimal128.class).bigDecimalValue(),
                instant(d.get("lastOrderAt")), score(d.get("lastNps", Document.class)),
                score(d.get("lastCsat", Document.class)), score(d.get("lastCes", Document.class)),
                instant(d.get("lastActivityAt")));
    }

    private static Document score(Score s) {
        return s == null ? null
                : new Document("value", s.value()).append("at", instant(s.at())).append("m", s.messageId());
    }

    private static Score score(Document d) {
        return d == null ? null : new Score(d.getInteger("value"), instant(d.get("at")), d.getString("m"));
    }

    /** A trait value as BSON; maps become entry arrays so that their keys stay data. */
    static Object value(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            return Double.valueOf(f.toString());
        }
        if (value instanceof BigInteger big) {
            return new Document(BIG_INTEGER, big.toString());
        }
        if (value instanceof BigDecimal decimal) {
            return decimal128(decimal);
        }
        if (value instanceof Map<?, ?> map) {
            List<Document> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(new Document("k", String.valueOf(k)).append("v", value(v))));
            return new Document(ENTRIES, entries);
        }
        if (value instanceof List<?> list) {
            return map(list, ProfileDocuments::value);
        }
        throw new IllegalArgumentException("unsupported trait value type " + value.getClass().getName());
    }

    static Object fromValue(Object stored) {
        if (stored instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue();
        }
        if (stored instanceof Document d) {
            if (d.containsKey(BIG_INTEGER)) {
                return new BigInteger(d.getString(BIG_INTEGER));
            }
            if (d.containsKey(BIG_DECIMAL)) {
                return new BigDecimal(d.getString(BIG_DECIMAL));
            }
            Map<String, Object> map = new LinkedHashMap<>();
            d.getList(ENTRIES, Document.class).forEach(e -> map.put(e.getString("k"), fromValue(e.get("v"))));
            return map;
        }
        if (stored instanceof List<?> list) {
            return map(list, ProfileDocuments::fromValue);
        }
        return stored;
    }

    /** Decimal128 holds 34 significant digits and exponents within about 6000; anything else keeps its text. */
    private static Object decimal128(BigDecimal decimal) {
        try {
            Decimal128 converted = new Decimal128(decimal);
            if (converted.bigDecimalValue().equals(decimal)) {
                return converted;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // falls through to the exact text form
        }
        return new Document(BIG_DECIMAL, decimal.toString());
    }

    static Object instant(Instant value) {
        if (value == null) {
            return null;
        }
        return value.getNano() % 1_000_000 == 0 ? Date.from(value) : IsoInstants.format(value);
    }

    static Instant instant(Object stored) {
        if (stored == null) {
            return null;
        }
        return stored instanceof Date date ? date.toInstant() : IsoInstants.parse((String) stored);
    }

    private static <T> List<Object> map(Iterable<? extends T> values, Function<T, Object> mapper) {
        List<Object> result = new ArrayList<>();
        values.forEach(v -> result.add(mapper.apply(v)));
        return result;
    }

    private static List<Document> docs(Document d, String field) {
        return d.getList(field, Document.class, List.of());
    }

    private static <V> Map<String, V> toMap(List<Document> entries, Function<Document, String> key,
                                            Function<Document, V> value) {
        Map<String, V> map = new TreeMap<>();
        entries.forEach(e -> map.put(key.apply(e), value.apply(e)));
        return map;
    }

    private static <K extends Enum<K>, V> Map<K, V> toEnumMap(Class<K> type, List<Document> entries,
                                                             Function<Document, K> key, Function<Document, V> value) {
        Map<K, V> map = new EnumMap<>(type);
        entries.forEach(e -> map.put(key.apply(e), value.apply(e)));
        return map;
    }
}
