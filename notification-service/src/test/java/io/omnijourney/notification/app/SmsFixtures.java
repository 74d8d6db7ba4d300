package io.omnijourney.notification.app;

import com.mongodb.client.MongoDatabase;
import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.profile.ProfileSnapshot;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.notification.adapter.mongo.MongoProfileStates;
import io.omnijourney.notification.adapter.mongo.MongoSmallStores;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.RetryPolicy;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.notification.domain.TemplateContent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A delivery service on the wire-protocol MongoDB with a fake SMS provider, as the application tests use it: template
 * {@code t} ("Hi {profile.firstName}"), three tries 10 to 40 ms apart, a two-minute lease, requests wait up to ten
 * minutes for the profile copy. Requests name Ana by profile id and version 1; {@link #copyAna} gives the service that
 * version of her profile, as the profile-events consumer would.
 */
final class SmsFixtures {

    private SmsFixtures() {
    }

    /** Saves template {@code t} in {@code templates}, marked transactional as the fixtures' requests are. */
    static void saveTemplate(TemplateStore templates, Instant at) {
        templates.save(new Template("t", MessageChannel.SMS, "en",
                Map.of("en", new TemplateContent.Sms("Hi {profile.firstName}")), at, true));
    }

    static DeliveryService delivery(MongoDatabase db, TemplateStore templates, Ledger ledger, ChannelSender sender,
            Clock clock, DeliveryService.Sleeper sleeper) {
        return new DeliveryService(templates, new TemplateRenderer(), ledger, new MongoProfileStates(db),
                new MongoSmallStores.Caps(db), new MongoSmallStores.Links(db), List.of(sender),
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(1)),
                new DeliveryService.Settings(5, Duration.ofMinutes(2), "http://localhost", "secret", true,
                        Optional.empty(), PROFILE_WAIT), clock, sleeper);
    }

    static final Duration PROFILE_WAIT = Duration.ofMinutes(10);
    static final String ANA_PHONE = "+351912345678";

    /** Ana's profile at {@code version}, with {@code firstName}. */
    static ProfileSnapshot ana(long version, String firstName) {
        return new ProfileSnapshot(Map.of("phone", List.of(ANA_PHONE), "userId", List.of("user-ana")),
                Map.of("firstName", firstName, "locale", "en"), Map.of(), Map.of(), List.of(), version);
    }

    /** The service's copy of {@code profileId} becomes Ana at version 1. */
    static void copyAna(MongoDatabase db, String profileId, Instant at) {
        new MongoProfileStates(db).apply(profileId, ana(1, "Ana"), at);
    }

    /** A transactional SMS request for template {@code t} to the profile at version 1 (no identifiers, no traits). */
    static NotificationRequest request(String requestId, String profileId, String templateId, Instant at) {
        return request(requestId, profileId, templateId, 1L, at);
    }

    static NotificationRequest request(String requestId, String profileId, String templateId, Long version,
            Instant at) {
        return new NotificationRequest(requestId, profileId, version, "j", 1, "s", List.of(Channel.SMS), templateId,
                MessageCategory.TRANSACTIONAL, Map.of(), null, NotificationRequest.Recipient.of(Map.of(), "en", null),
                at);
    }

    /** The same request in the older format, which carried Ana's phone and first name itself. */
    static NotificationRequest legacyRequest(String requestId, String profileId, Instant at) {
        return new NotificationRequest(requestId, profileId, null, "j", 1, "s", List.of(Channel.SMS), "t",
                MessageCategory.TRANSACTIONAL, Map.of(), null, new NotificationRequest.Recipient(
                        Map.of("phone", List.of(ANA_PHONE)), Map.of("firstName", "Ana"), Map.of(), "en", null), at);
    }

    /** An SMS provider named {@code fake}; what it does with a delivery is the test's. */
    abstract static class FakeSms implements ChannelSender {

        @Override
        public MessageChannel channel() {
            return MessageChannel.SMS;
        }

        @Override
        public List<String> providers() {
            return List.of("fake");
        }
    }
}
