package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.anonymousId;
import static io.omnijourney.profile.domain.ProfileFixtures.deviceId;
import static io.omnijourney.profile.domain.ProfileFixtures.email;
import static io.omnijourney.profile.domain.ProfileFixtures.phone;
import static io.omnijourney.profile.domain.ProfileFixtures.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    private static final IdentityConfig DEFAULTS = IdentityConfig.defaults();

    @Test
    void every_identifier_kind_is_extracted_normalized_and_in_a_fixed_order() {
        IdentityConfig config = DEFAULTS.withCustomIdentifierTraits(List.of("loyaltyCard"));
        TouchpointEvent event = TestEvents.identify()
                .trait("loyaltyCard", 4711L)
                .deviceId(" dev-9 ")
                .phone("+49 (30) 123-4567")
                .email(" Alice@Example.org ")
                .anonymousId("anon-1")
                .userId("u-1")
                .build();

        ExtractedIdentity identity = Identifiers.extract(event, config);

        assertThat(identity.identifiers()).containsExactly(userId("u-1"), anonymousId("anon-1"),
                email("alice@example.org"), phone("+49301234567"), deviceId("dev-9"),
                Identifier.of("loyaltyCard", "4711"));
        assertThat(identity.refused()).isEmpty();
    }

    @Test
    void identifiers_in_context_traits_link_too_but_traits_take_precedence() {
        TouchpointEvent fromContext = TestEvents.track(EventNames.EMAIL_OPENED).contextTrait("email", "bob@example.org").build();
        TouchpointEvent both = TestEvents.identify().email("alice@example.org").contextTrait("email", "bob@example.org")
                .build();

        assertThat(Identifiers.extract(fromContext, DEFAULTS).identifiers()).containsExactly(email("bob@example.org"));
        assertThat(Identifiers.extract(both, DEFAULTS).identifiers()).containsExactly(email("alice@example.org"));
    }

    @Test
    void invalid_values_are_refused_with_type_value_reason_message_and_time() {
        TouchpointEvent event = TestEvents.identify().messageId("m-bad").atMinute(5)
                .userId("u-1").phone("0612345678").email("nobody").trait("loyaltyCard", Map.of("no", "id"))
                .build();

        ExtractedIdentity identity = Identifiers.extract(event, DEFAULTS.withCustomIdentifierTraits(List.of("loyaltyCard")));

        assertThat(identity.identifiers()).containsExactly(userId("u-1"));
        assertThat(identity.refused())
                .extracting(Refusal::type, Refusal::value, Refusal::reason, Refusal::messageId, Refusal::at)
                .containsExactly(
                        tuple("email", "nobody", RefusalReason.INVALID_EMAIL, "m-bad", TestEvents.minutes(5)),
                        tuple("phone", "0612345678", RefusalReason.INVALID_PHONE, "m-bad", TestEvents.minutes(5)),
                        tuple("loyaltyCard", "{no=id}", RefusalReason.INVALID_IDENTIFIER, "m-bad", TestEvents.minutes(5)));
    }

    @Test
    void blocked_values_never_become_identifiers_whatever_their_spelling() {
        TouchpointEvent event = TestEvents.identify().userId("undefined").email("  TEST@example.com ")
                .phone("0000000000").anonymousId("anon-1").build();

        ExtractedIdentity identity = Identifiers.extract(event, DEFAULTS);

        assertThat(identity.identifiers()).containsExactly(anonymousId("anon-1"));
        assertThat(identity.refused()).extracting(Refusal::type, Refusal::reason).containsExactly(
                tuple("userId", RefusalReason.BLOCKED_VALUE),
                tuple("email", RefusalReason.BLOCKED_VALUE),
                tuple("phone", RefusalReason.BLOCKED_VALUE));
    }

    @Test
    void the_block_list_is_configurable() {
        IdentityConfig config = DEFAULTS.withBlockedValues(Set.of("shared-kiosk"));

        ExtractedIdentity identity = Identifiers.extract(TestEvents.page().deviceId("Shared-Kiosk").build(), config);

        assertThat(identity.identifiers()).isEmpty();
        assertThat(identity.refused()).extracting(Refusal::reason).containsExactly(RefusalReason.BLOCKED_VALUE);
    }

    @Test
    void an_alias_exposes_previous_id_separately_for_lookup_as_user_or_anonymous_id() {
        ExtractedIdentity identity = Identifiers.extract(TestEvents.alias("anon-7", "u-1").build(), DEFAULTS);

        assertThat(identity.identifiers()).containsExactly(userId("u-1"));
        assertThat(identity.aliasPreviousId()).contains("anon-7");
        assertThat(identity.lookupIdentifiers()).containsExactly(userId("u-1"), userId("anon-7"), anonymousId("anon-7"));
    }

    @Test
    void previous_id_is_ignored_outside_alias_calls() {
        TouchpointEvent identify = io.omnijourney.contract.touchpoint.TouchpointEventBuilder
                .from(TestEvents.identify().userId("u-1").build()).previousId("anon-7").build();

        assertThat(Identifiers.extract(identify, DEFAULTS).aliasPreviousId()).isEmpty();
    }
}
