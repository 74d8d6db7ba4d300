package io.omnijourney.profile.adapter.mongo;

import io.omnijourney.contract.touchpoint.Channel;
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
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.mongodb.MongoClientSettings.getDefaultCodecRegistry;
import static org.assertj.core.api.Assertions.assertThat;

class ProfileDocumentsTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant WITH_NANOS = Instant.parse("2025-03-01T10:00:00.123456789Z");
    private static final String HOSTILE_KEY = "$where.a.b";

    @Test
    void aProfileSurvivesTheRoundTripExactly() {
        StoredProfile stored = new StoredProfile(richProfile(), List.of("m-1", "m-2"));

        StoredProfile back = ProfileDocuments.fromDocument(throughBson(ProfileDocuments.toDocument(stored)));

        assertThat(back).isEqualTo(stored);
    }

    @Test
    void aFreshProfileSurvivesTheRoundTrip() {
        StoredProfile stored = StoredProfile.fresh(Profile.create("p-0", T0));

        assertThat(ProfileDocuments.fromDocument(throughBson(ProfileDocuments.toDocument(stored)))).isEqualTo(stored);
    }

    @Test
    void userSuppliedKeysNeverBecomeFieldNames() {
        BsonDocument bson = ProfileDocuments.toDocument(new StoredProfile(richProfile(), List.of()))
                .toBsonDocument(BsonDocument.class, registry());

        Set<String> names = new HashSet<>();
        collectFieldNames(bson, names);

        assertThat(names).noneMatch(name -> name.contains("$") || name.contains(".") || name.contains("plan"))
                .doesNotContain("nested", HOSTILE_KEY, "Order Completed");
    }

    private static Profile richProfile() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put(HOSTILE_KEY, List.of(1, 2L, "three", Map.of("deep.er", true)));
        nested.put("amount", new BigDecimal("12.3400"));
        nested.put("huge", new BigInteger("123456789012345678901234567890123456789"));
        nested.put("tooPrecise", new BigDecimal("1.234567890123456789012345678901234567890"));
        Map<String, TraitValue> traits = new LinkedHashMap<>();
        traits.put("plan", new TraitValue("gold", T0, "m-1"));
        traits.put("nested", new TraitValue(nested, WITH_NANOS, "m-2"));
        traits.put("ratio", new TraitValue(0.25, T0, "m-3"));
        traits.put("cleared", new TraitValue(null, T0, "m-4"));
        traits.put(HOSTILE_KEY, new TraitValue(false, T0, "m-5"));
        return new Profile(
                "p-1",
                WITH_NANOS,
                List.of(new LinkedIdentifier(Identifier.of("userId", "u-1"), new EventStamp(T0, "m-1")),
                        new LinkedIdentifier(Identifier.of("email", "ada@example.org"),
                                new EventStamp(WITH_NANOS, "m-2"))),
                traits,
                Map.of(ConsentChannel.EMAIL, new ConsentState(ConsentStatus.UNSUBSCRIBED, T0, "m-6",
                        SignalSource.ADMIN_OVERRIDE, WITH_NANOS, T0)),
                List.of(new ConsentChange(ConsentChannel.SMS, new ConsentState(ConsentStatus.SUBSCRIBED, T0, "m-13",
                                SignalSource.CLIENT, Instant.parse("9999-12-31T23:59:59Z"), T0)),
                        new ConsentChange(ConsentChannel.EMAIL, new ConsentState(ConsentStatus.UNSUBSCRIBED, T0, "m-6",
                                SignalSource.ADMIN_OVERRIDE, WITH_NANOS, T0))),
                List.of(new PushToken("fcm-token-0123456789", "android", new EventStamp(WITH_NANOS, "m-11")),
                        new PushToken("a1b2c3d4e5f60718", "ios", new EventStamp(T0, "m-12"))),
                Map.of(Channel.WEB, new ChannelStats(T0, WITH_NANOS, 3)),
                Map.of("Order Completed", 2L, HOSTILE_KEY, 1L),
                new ComputedTraits(2, 1, new BigDecimal("99.9900"), T0, new Score(9, T0, "m-7"), null,
                        new Score(3, WITH_NANOS, "m-8"), WITH_NANOS),
                Set.of("vip", "$segment"),
                "p-0",
                List.of(new MergeRecord("p-2", "m-9", T0, List.of(Identifier.of("anonymousId", "a-1")))),
                List.of(new Refusal("trait", HOSTILE_KEY, RefusalReason.UNSAFE_TRAIT_KEY, "m-10", T0)),
                7);
    }

    /** Encodes to BSON and decodes again, as the driver does on a write and a read. */
    private static Document throughBson(Document document) {
        BsonDocument bson = document.toBsonDocument(BsonDocument.class, registry());
        return registry().get(Document.class).decode(bson.asBsonReader(),
                org.bson.codecs.DecoderContext.builder().build());
    }

    private static CodecRegistry registry() {
        return getDefaultCodecRegistry();
    }

    private static void collectFieldNames(BsonValue value, Set<String> names) {
        if (value.isDocument()) {
            value.asDocument().forEach((name, child) -> {
                names.add(name);
                collectFieldNames(child, names);
            });
        } else if (value.isArray()) {
            value.asArray().forEach(child -> collectFieldNames(child, names));
        }
    }
}
