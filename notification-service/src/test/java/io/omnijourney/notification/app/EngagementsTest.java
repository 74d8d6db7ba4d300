package io.omnijourney.notification.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.notification.domain.Signatures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Clicks: redirected every time, one event id per link and click window. */
class EngagementsTest {

    private static final String SECRET = "test-tracking-secret";

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
    private final List<TouchpointEvent> published = new ArrayList<>();

    private final Clock clock = TestClocks.of(now::get);

    private final LinkStore links = new LinkStore() {
        @Override
        public void record(List<TrackedLink> tracked) {
        }

        @Override
        public Optional<TrackedLink> find(String linkId) {
            return Optional.of(new TrackedLink(linkId, linkId.substring(0, linkId.lastIndexOf(':')), "p-1",
                    "https://shop.example/x", "t", "j", "s", Map.of("userId", "u-1")));
        }

        @Override
        public void purgeProfile(String profileId) {
        }
    };

    private final TouchpointPublisher touchpoints = new TouchpointPublisher() {
        @Override
        public void publish(TouchpointEvent event) {
            published.add(event);
        }

        @Override
        public void offer(TouchpointEvent event) {
            published.add(event);
        }
    };

    private final Engagements engagements = new Engagements(links, null, null, touchpoints, SECRET,
            Duration.ofHours(1), clock);

    @Test
    void repeatedClicksOfALinkWithinTheWindowShareOneEventIdAndEveryClickRedirects() {
        String first = Signatures.token(SECRET, "req-1:0");
        String second = Signatures.token(SECRET, "req-1:1");
        assertThat(engagements.click(first)).isEqualTo("https://shop.example/x");
        now.set(now.get().plus(Duration.ofMinutes(59)));
        assertThat(engagements.click(first)).isEqualTo("https://shop.example/x");
        assertThat(engagements.click(second)).isEqualTo("https://shop.example/x");
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThat(engagements.click(first)).isEqualTo("https://shop.example/x");

        assertThat(published).extracting(TouchpointEvent::messageId).hasSize(4);
        assertThat(published.get(0).messageId()).isEqualTo(published.get(1).messageId())
                .startsWith("click:req-1:0:");
        assertThat(published.get(2).messageId()).isNotEqualTo(published.get(0).messageId())
                .startsWith("click:req-1:1:");
        assertThat(published.get(3).messageId()).isNotEqualTo(published.get(0).messageId())
                .startsWith("click:req-1:0:");
    }
}
