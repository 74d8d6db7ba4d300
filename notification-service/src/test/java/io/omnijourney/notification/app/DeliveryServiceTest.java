package io.omnijourney.notification.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSocketReadException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.adapter.inbox.InboxSender;
import io.omnijourney.notification.adapter.mongo.MongoLedger;
import io.omnijourney.notification.adapter.mongo.MongoProfileStates;
import io.omnijourney.notification.adapter.mongo.MongoSmallStores;
import io.omnijourney.notification.adapter.mongo.MongoTemplateStore;
import io.omnijourney.notification.domain.DeliveryState;
import io.omnijourney.notification.domain.RetryPolicy;
import io.omnijourney.notification.domain.SendOutcome;
import io.omnijourney.testsupport.LostWriteAnswers;
import io.omnijourney.testsupport.MongoTestClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger protocol on the wire-protocol MongoDB: one send per requestId across redelivery, two instances and a
 * crash at each point of the delivery. The provider is a scripted fake (the HTTP and SMTP senders have their own tests).
 */
class DeliveryServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private MongoDatabase db;
    private ScriptedSender sender;
    private List<Duration> pauses;

    @BeforeEach
    void setUp() {
        db = MongoTestClient.database("notification-unit-" + UUID.randomUUID().toString().substring(0, 8));
        sender = new ScriptedSender();
        pauses = new ArrayList<>();
        SmsFixtures.saveTemplate(new MongoTemplateStore(db), NOW);
        SmsFixtures.copyAna(db, "p-1", NOW);
    }

    private DeliveryService service(Ledger ledger, Clock clock) {
        return SmsFixtures.delivery(db, new MongoTemplateStore(db), ledger, sender, clock, pauses::add);
    }

    private DeliveryService service() {
        return service(new MongoLedger(db), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void pushGoesToTheNewestDeviceTokenOfTheProfile() {
        NotificationRequest push = new NotificationRequest("r-push", "p-1", 1L, "j", 1, "s", List.of(Channel.PUSH),
                "t", MessageCategory.TRANSACTIONAL, Map.of(), null,
                NotificationRequest.Recipient.of(Map.of(), "en", null), NOW);
        RecipientData twoDevices = new RecipientData(Map.of("pushToken", List.of("newest-android-token",
                "older-ios-token"), "deviceId", List.of("device-1")), Map.of(), "en");
        RecipientData noToken = new RecipientData(Map.of("deviceId", List.of("device-1")), Map.of(), "en");

        assertThat(DeliveryService.addressFor(MessageChannel.PUSH, push, twoDevices, null))
                .contains("newest-android-token");
        assertThat(DeliveryService.addressFor(MessageChannel.PUSH, push, noToken, null)).isEmpty();
    }

    private static NotificationRequest request(String id) {
        return SmsFixtures.request(id, "p-1", "t", NOW);
    }

    @Test
    void aRedeliveredRequestIsSentOnceAndAnswersWithTheSameOutcome() {
        DeliveryService service = service();
        LedgerEntry first = service.handle(request("r1")).entry();
        LedgerEntry second = service.handle(request("r1")).entry();
        assertThat(sender.texts).containsExactly("Hi Ana");
        assertThat(first.state()).isEqualTo(DeliveryState.SENT);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aSecondInstanceSeesTheRequestBusyWhileTheFirstHoldsItsLease() {
        MongoLedger instanceA = new MongoLedger(db);
        instanceA.claim(new LedgerEntry("r2", "p-1", "j", "s", "t", "transactional", null, null,
                DeliveryState.QUEUED, null, 0, null, false, null, null, null, null, null, NOW, NOW), NOW,
                NOW.plusSeconds(120));
        DeliveryService.Result result = service().handle(request("r2"));
        assertThat(result).isInstanceOf(DeliveryService.Result.Busy.class);
        assertThat(sender.texts).isEmpty();
    }

    @Test
    void aRequestWhoseOwnerDiedBeforeAnySendIsResumedAfterTheLease() {
        new MongoLedger(db).claim(new LedgerEntry("r3", "p-1", "j", "s", "t", "transactional", null, null,
                DeliveryState.QUEUED, null, 0, null, false, null, null, null, null, null, NOW, NOW), NOW,
                NOW.plusSeconds(120));
        DeliveryService later = service(new MongoLedger(db), Clock.fixed(NOW.plusSeconds(121), ZoneOffset.UTC));
        assertThat(later.handle(request("r3")).entry().state()).isEqualTo(DeliveryState.SENT);
        assertThat(sender.texts).hasSize(1);
    }

    @Test
    void aRequestWhoseOwnerDiedDuringTheProviderCallIsNotSentAgain() {
        MongoLedger dead = new MongoLedger(db);
        dead.claim(new LedgerEntry("r4", "p-1", "j", "s", "t", "transactional", null, null, DeliveryState.QUEUED,
                null, 0, null, false, null, null, null, null, null, NOW, NOW), NOW, NOW.plusSeconds(120));
        dead.chooseChannel("r4", "sms", "+351912345678", null, "en", NOW);
        dead.startAttempt("r4", 1, "fake", NOW);
        DeliveryService later = service(new MongoLedger(db), Clock.fixed(NOW.plusSeconds(121), ZoneOffset.UTC));
        LedgerEntry entry = later.handle(request("r4")).entry();
        assertThat(entry.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(entry.reason()).startsWith("interrupted");
        assertThat(sender.texts).isEmpty();
    }

    @Test
    void aCrashBetweenSendAndCommitIsARedeliveryOfASentRequest() {
        DeliveryService service = service();
        service.handle(request("r5"));
        // The process dies before committing the offset: the new one gets the record again.
        DeliveryService restarted = service(new MongoLedger(db), Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC));
        assertThat(restarted.handle(request("r5")).entry().state()).isEqualTo(DeliveryState.SENT);
        assertThat(sender.texts).hasSize(1);
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndPermanentOnesAreNot() {
        sender.script.add(new SendOutcome.Transient("fake", "HTTP 500", Optional.empty()));
        sender.script.add(new SendOutcome.Transient("fake", "HTTP 429", Optional.of(Duration.ofMillis(500))));
        LedgerEntry sent = service().handle(request("r6")).entry();
        assertThat(sent.state()).isEqualTo(DeliveryState.SENT);
        assertThat(sent.attempts()).isEqualTo(3);
        assertThat(sender.texts).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(10), Duration.ofMillis(500));

        sender.texts.clear();
        sender.script.add(new SendOutcome.Permanent("fake", "HTTP 400"));
        LedgerEntry failed = service().handle(request("r7")).entry();
        assertThat(failed.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(sender.texts).hasSize(1);

        sender.texts.clear();
        for (int i = 0; i < 3; i++) {
            sender.script.add(new SendOutcome.Transient("fake", "timeout", Optional.empty()));
        }
        LedgerEntry gaveUp = service().handle(request("r8")).entry();
        assertThat(gaveUp.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(gaveUp.reason()).contains("gave up after 3 attempt(s)");
        assertThat(sender.texts).hasSize(3);
    }

    @Test
    void aChannelThatFailsForGoodHandsTheRequestToTheNextRequestedChannel() {
        MongoTemplateStore templates = new MongoTemplateStore(db);
        templates.save(new io.omnijourney.notification.domain.Template("t", MessageChannel.INBOX, "en",
                Map.of("en", new io.omnijourney.notification.domain.TemplateContent.Inbox("Hi", "Hi {profile.firstName}",
                        null)), NOW, true));
        MongoSmallStores.Inbox inbox = new MongoSmallStores.Inbox(db);
        DeliveryService service = new DeliveryService(templates, new TemplateRenderer(), new MongoLedger(db),
                new MongoProfileStates(db), new MongoSmallStores.Caps(db), new MongoSmallStores.Links(db),
                List.of(sender, new InboxSender(inbox, Clock.fixed(NOW, ZoneOffset.UTC))),
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(1)),
                new DeliveryService.Settings(5, Duration.ofMinutes(2), "http://localhost", "secret", true,
                        Optional.empty(), SmsFixtures.PROFILE_WAIT), Clock.fixed(NOW, ZoneOffset.UTC), pauses::add);

        sender.script.add(new SendOutcome.Permanent("fake", "HTTP 400"));
        LedgerEntry permanent = service.handle(smsThenInApp("r-fb1")).entry();
        assertThat(permanent.state()).isEqualTo(DeliveryState.SENT);
        assertThat(permanent.channel()).isEqualTo("inbox");
        assertThat(permanent.provider()).isEqualTo(InboxSender.PROVIDER);
        assertThat(permanent.attempts()).isEqualTo(2);
        assertThat(permanent.reason()).isEqualTo("fallback after sms: permanent: HTTP 400");
        assertThat(inbox.list("p-1", false, 10)).extracting(InboxStore.InboxMessage::messageId).containsExactly("r-fb1");

        for (int i = 0; i < 3; i++) {
            sender.script.add(new SendOutcome.Transient("fake", "HTTP 503", Optional.empty()));
        }
        LedgerEntry gaveUp = service.handle(smsThenInApp("r-fb2")).entry();
        assertThat(gaveUp.state()).isEqualTo(DeliveryState.SENT);
        assertThat(gaveUp.channel()).isEqualTo("inbox");
        assertThat(gaveUp.attempts()).as("three SMS tries, then the inbox").isEqualTo(4);
        assertThat(gaveUp.reason()).contains("sms: transient: gave up after 3 attempt(s)");

        LedgerEntry again = service.handle(smsThenInApp("r-fb1")).entry();
        assertThat(again.attempts()).as("a redelivery sends nothing more").isEqualTo(2);
        assertThat(inbox.list("p-1", false, 10)).hasSize(2);

        sender.script.add(new SendOutcome.Permanent("fake", "HTTP 400"));
        LedgerEntry smsOnly = service.handle(request("r-fb3")).entry();
        assertThat(smsOnly.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(smsOnly.reason()).as("one channel: its own reason").isEqualTo("permanent: HTTP 400");
    }

    private static NotificationRequest smsThenInApp(String requestId) {
        NotificationRequest sms = request(requestId);
        return new NotificationRequest(sms.requestId(), sms.profileId(), sms.profileVersion(), sms.journeyId(),
                sms.journeyVersion(), sms.stepId(), List.of(Channel.SMS, Channel.MOBILE), sms.templateId(),
                sms.category(), sms.variables(), sms.trigger(), sms.recipient(), sms.requestedAt());
    }

    @Test
    void anInterruptedRetryPauseResumesTheTriesOnRedelivery() {
        sender.script.add(new SendOutcome.Transient("fake", "HTTP 503", Optional.empty()));
        MongoLedger ledger = new MongoLedger(db);
        DeliveryService crashing = new DeliveryService(new MongoTemplateStore(db), new TemplateRenderer(), ledger,
                new MongoProfileStates(db), new MongoSmallStores.Caps(db), new MongoSmallStores.Links(db),
                List.of(sender), new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(1)),
                new DeliveryService.Settings(5, Duration.ofMinutes(2), "http://localhost", "secret", true,
                        Optional.empty(), SmsFixtures.PROFILE_WAIT), Clock.fixed(NOW, ZoneOffset.UTC), d -> {
                            throw new InterruptedException("shutdown");
                        });
        try {
            crashing.handle(request("r9"));
        } catch (IllegalStateException expected) {
            Thread.interrupted();
        }
        assertThat(ledger.find("r9").orElseThrow().inFlight()).isFalse();
        LedgerEntry resumed = service(new MongoLedger(db), Clock.fixed(NOW.plusSeconds(200), ZoneOffset.UTC))
                .handle(request("r9")).entry();
        assertThat(resumed.state()).isEqualTo(DeliveryState.SENT);
        assertThat(resumed.attempts()).isEqualTo(2);
        assertThat(sender.texts).hasSize(2);
    }

    @Test
    void aDailyCapCountWhoseAnswerWasLostCountsOnceWhenTheConsumerReplaysTheRequest() {
        LostWriteAnswers lost = new LostWriteAnswers("daily_caps", "findOneAndUpdate");
        MongoSmallStores.Caps caps = new MongoSmallStores.Caps(lost.wrap(db));
        lost.armOnce();
        assertThatThrownBy(() -> cappedAt(2, caps, NOW).handle(marketing("m1")))
                .isInstanceOf(MongoSocketReadException.class);
        assertThat(lost.lost()).as("counted, answer lost").isEqualTo(1);

        // The consumer replays the record; the request's lease has run out by then.
        DeliveryService replay = cappedAt(2, caps, NOW.plusSeconds(121));
        assertThat(replay.handle(marketing("m1")).entry().state()).isEqualTo(DeliveryState.SENT);
        assertThat(replay.handle(marketing("m2")).entry().state()).as("the day's second").isEqualTo(DeliveryState.SENT);
        LedgerEntry third = replay.handle(marketing("m3")).entry();
        assertThat(third.state()).isEqualTo(DeliveryState.SUPPRESSED);
        assertThat(third.reason()).contains("daily-cap");
        assertThat(sender.texts).hasSize(2);
    }

    private DeliveryService cappedAt(int dailyCap, DailyCaps caps, Instant now) {
        return new DeliveryService(new MongoTemplateStore(db), new TemplateRenderer(), new MongoLedger(db),
                new MongoProfileStates(db), caps, new MongoSmallStores.Links(db), List.of(sender),
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(1)),
                new DeliveryService.Settings(dailyCap, Duration.ofMinutes(2), "http://localhost", "secret", true,
                        Optional.empty(), SmsFixtures.PROFILE_WAIT), Clock.fixed(now, ZoneOffset.UTC), pauses::add);
    }

    private static NotificationRequest marketing(String id) {
        // The older format (no profile version, the recipient's data carried along): served without a profile copy.
        return new NotificationRequest(id, "p-1", null, "j", 1, "s", List.of(Channel.SMS), "t",
                MessageCategory.MARKETING,
                Map.of(), null, new NotificationRequest.Recipient(Map.of("phone", List.of("+351912345678")),
                        Map.of("firstName", "Ana"), Map.of("sms", "subscribed"), "en", null), NOW);
    }

    @Test
    void erasurePurgesAddressesButKeepsTheOutcome() {
        service().handle(request("r10"));
        new MongoLedger(db).purgeProfile("p-1");
        Document doc = db.getCollection("ledger").find(Filters.eq("_id", "r10")).first();
        assertThat(doc).doesNotContainKey("address");
        assertThat(doc.getString("state")).isEqualTo("sent");
        db.getCollection("ledger").updateOne(Filters.eq("_id", "r10"), Updates.set("touched", new Date()));
    }

    @Test
    void aRequestWhoseProfileCopyLagsIsHeldAndSentWithTheNewTraitOnceTheCopyCatchesUp() {
        DeliveryService service = service();
        NotificationRequest decidedOnVersion2 = SmsFixtures.request("lag-1", "p-1", "t", 2L, NOW);

        DeliveryService.Result held = service.handle(decidedOnVersion2);

        assertThat(held).isInstanceOf(DeliveryService.Result.AwaitingProfile.class);
        assertThat(held.entry().state()).isEqualTo(DeliveryState.QUEUED);
        assertThat(sender.texts).as("never sent with the copy of version 1").isEmpty();

        new MongoProfileStates(db).apply("p-1", SmsFixtures.ana(2, "Ana Maria"), NOW);
        DeliveryService.Result sent = service.handle(decidedOnVersion2);

        assertThat(sent.entry().state()).isEqualTo(DeliveryState.SENT);
        assertThat(sender.texts).containsExactly("Hi Ana Maria");
        assertThat(sender.addresses).containsExactly(SmsFixtures.ANA_PHONE);
        assertThat(((DeliveryService.Result.Final) sent).identity()).containsEntry("userId", "user-ana");
        assertThat(service.profileWaitsExpired()).isZero();
    }

    @Test
    void aRequestForAProfileThisServiceHasNoCopyOfYetIsHeld() {
        DeliveryService.Result held = service().handle(SmsFixtures.request("lag-2", "p-unseen", "t", NOW));

        assertThat(held).isInstanceOf(DeliveryService.Result.AwaitingProfile.class);
        assertThat(sender.texts).isEmpty();
    }

    @Test
    void whenTheWaitRunsOutARequestIsSentWithTheCopyThereIsOrFailedWithoutOne() {
        MongoLedger ledger = new MongoLedger(db);
        NotificationRequest behind = SmsFixtures.request("lag-3", "p-1", "t", 5L, NOW);
        NotificationRequest unknown = SmsFixtures.request("lag-4", "p-unseen", "t", 5L, NOW);
        DeliveryService now = service(ledger, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(now.handle(behind)).isInstanceOf(DeliveryService.Result.AwaitingProfile.class);
        assertThat(now.handle(unknown)).isInstanceOf(DeliveryService.Result.AwaitingProfile.class);
        DeliveryService almost = service(ledger, Clock.fixed(NOW.plus(SmsFixtures.PROFILE_WAIT).minusSeconds(1),
                ZoneOffset.UTC));
        assertThat(almost.handle(behind)).as("still within the wait")
                .isInstanceOf(DeliveryService.Result.AwaitingProfile.class);

        DeliveryService later = service(ledger, Clock.fixed(NOW.plus(SmsFixtures.PROFILE_WAIT), ZoneOffset.UTC));
        LedgerEntry sent = later.handle(behind).entry();
        LedgerEntry failed = later.handle(unknown).entry();

        assertThat(sent.state()).isEqualTo(DeliveryState.SENT);
        assertThat(sender.texts).containsExactly("Hi Ana");
        assertThat(failed.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(failed.reason()).startsWith("profile: no copy of the profile after waiting PT10M");
        assertThat(later.profileWaitsExpired()).isEqualTo(2);
    }

    @Test
    void aRequestOfTheOlderFormatIsServedFromTheIdentifiersAndTraitsItCarries() {
        DeliveryService.Result result = service().handle(SmsFixtures.legacyRequest("old-1", "p-no-copy", NOW));

        assertThat(result.entry().state()).isEqualTo(DeliveryState.SENT);
        assertThat(sender.texts).containsExactly("Hi Ana");
        assertThat(sender.addresses).containsExactly(SmsFixtures.ANA_PHONE);
    }

    @Test
    void anErasedProfileIsSuppressedAndItsOutcomeNamesNobody() {
        new MongoProfileStates(db).markErased("p-1", NOW);

        DeliveryService.Result result = service().handle(request("gone-1"));

        assertThat(result.entry().state()).isEqualTo(DeliveryState.SUPPRESSED);
        assertThat(result.entry().reason()).startsWith("erased");
        assertThat(((DeliveryService.Result.Final) result).identity()).isEmpty();
        assertThat(sender.texts).isEmpty();
    }

    private static final class ScriptedSender extends SmsFixtures.FakeSms {
        final List<SendOutcome> script = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<String> addresses = new CopyOnWriteArrayList<>();

        @Override
        public SendOutcome send(Delivery delivery, int providerIndex) {
            addresses.add(delivery.address());
            texts.add(((io.omnijourney.notification.domain.RenderedMessage.Sms) delivery.message()).text());
            return script.isEmpty() ? new SendOutcome.Accepted("fake", "m-" + texts.size()) : script.remove(0);
        }
    }
}
