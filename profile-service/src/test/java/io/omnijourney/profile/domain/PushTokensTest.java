package io.omnijourney.profile.domain;

import static io.omnijourney.profile.domain.ProfileFixtures.CONFIG;
import static io.omnijourney.profile.domain.ProfileFixtures.applyAll;
import static io.omnijourney.profile.domain.ProfileFixtures.owning;
import static io.omnijourney.profile.domain.ProfileFixtures.userId;
import static io.omnijourney.profile.domain.ProfileFixtures.userProfile;
import static io.omnijourney.profile.domain.TestEvents.identify;
import static io.omnijourney.profile.domain.TestEvents.minutes;
import static io.omnijourney.profile.domain.TestEvents.page;
import static io.omnijourney.profile.domain.TestEvents.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.profile.app.ProfileSnapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushTokensTest {

    private static final String IOS = "4f7a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    private static final String ANDROID = "dXk3:APA91bH-fcm_registration.token-0123456789";

    @Test
    void aTokenInTheDeviceContextBecomesAPushAddressWithItsPlatform() {
        Profile profile = userProfile(track("Application Opened").channel(Channel.MOBILE).pushToken(IOS, "ios")
                .messageId("m-open").atMinute(2));

        assertThat(profile.pushTokens()).containsExactly(new PushToken(IOS, "ios",
                new EventStamp(minutes(2), "m-open")));
        assertThat(profile.identifierValues(PushTokens.REFUSAL_TYPE)).isEmpty();
    }

    @Test
    void theNewestTokenComesFirstAndTheSameTokenAgainOnlyMovesItUp() {
        Profile profile = userProfile(
                page().pushToken(IOS, "ios").atMinute(1),
                page().pushToken(ANDROID, "Android").atMinute(2),
                page().pushToken(IOS, "ios").atMinute(3));

        assertThat(profile.pushTokens()).extracting(PushToken::token, PushToken::platform)
                .containsExactly(tuple(IOS, "ios"), tuple(ANDROID, "android"));
    }

    @Test
    void aLateEventDoesNotMakeAnOldTokenTheNewest() {
        Profile profile = userProfile(
                page().pushToken(ANDROID, "android").atMinute(5),
                page().pushToken(IOS, "ios").atMinute(1));

        assertThat(profile.pushTokens()).extracting(PushToken::token).containsExactly(ANDROID, IOS);
    }

    @Test
    void aProfileKeepsAtMostFiveDevicesTheOldestGoFirst() {
        TestEvents[] events = new TestEvents[8];
        for (int i = 0; i < events.length; i++) {
            events[i] = page().pushToken("device-token-" + i + "-abcdefgh", "android").atMinute(i);
        }

        Profile profile = userProfile(events);

        assertThat(profile.pushTokens()).hasSize(PushTokens.MAX).extracting(PushToken::token)
                .containsExactly("device-token-7-abcdefgh", "device-token-6-abcdefgh", "device-token-5-abcdefgh",
                        "device-token-4-abcdefgh", "device-token-3-abcdefgh");
    }

    @Test
    void whatIsNotATokenOrComesFromAnotherPlatformIsRefusedAndRecorded() {
        Profile profile = userProfile(
                page().pushToken("<script>alert(1)</script>", "ios"),
                page().pushToken("x".repeat(600), "android"),
                page().pushToken(42, "ios"),
                page().pushToken(IOS, "windows"));

        assertThat(profile.pushTokens()).isEmpty();
        assertThat(profile.refusals()).extracting(Refusal::type, Refusal::reason).hasSize(4)
                .allSatisfy(t -> assertThat(t.toList()).containsExactly("pushToken", RefusalReason.INVALID_IDENTIFIER));
    }

    @Test
    void aSharedDeviceTokenNeverLinksTwoPeople() {
        Profile ana = applyAll(owning("p-ana", minutes(0), userId("ana")), identify().userId("ana")
                .pushToken(IOS, "ios").atMinute(1));

        ExtractedIdentity bruno = Identifiers.extract(identify().userId("bruno").pushToken(IOS, "ios").build(),
                CONFIG.identity());

        assertThat(bruno.lookupIdentifiers()).extracting(Identifier::type).doesNotContain("pushToken");
        assertThat(ana.pushTokens()).extracting(PushToken::token).containsExactly(IOS);
    }

    @Test
    void aMergeKeepsBothProfilesTokensNewestFirst() {
        Profile survivor = applyAll(owning("p-a", minutes(0), userId("u-1")),
                page().userId("u-1").pushToken(IOS, "ios").atMinute(1));
        Profile loser = applyAll(owning("p-b", minutes(1), ProfileFixtures.anonymousId("anon-1")),
                page().anonymousId("anon-1").pushToken(ANDROID, "android").atMinute(4));

        Profile merged = survivor.mergeFrom(loser.markMergedInto("p-a"), "m-merge", minutes(5),
                List.of(userId("u-1")), CONFIG);

        assertThat(merged.pushTokens()).extracting(PushToken::token).containsExactly(ANDROID, IOS);
    }

    @Test
    void theSnapshotListsThemNewestFirstUnderPushToken() {
        Profile profile = userProfile(page().pushToken(IOS, "ios").atMinute(1),
                page().pushToken(ANDROID, "android").atMinute(2));

        assertThat(ProfileSnapshots.of(profile).identifiers().get(ProfileSnapshots.PUSH_TOKEN))
                .containsExactly(ANDROID, IOS);
    }
}
