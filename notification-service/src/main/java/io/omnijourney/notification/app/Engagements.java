package io.omnijourney.notification.app;

import io.omnijourney.kit.logging.LogSafe;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.notification.domain.ConsentPolicy;
import io.omnijourney.notification.domain.OpenPixel;
import io.omnijourney.notification.domain.Signatures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What recipients do with the messages they received, through the signed links in them: a click is redirected to
 * the URL recorded at send time and reported as {@code Email Clicked}; a one-click unsubscribe (RFC 8058) stops
 * marketing email at once and is reported as {@code Unsubscribed}, so that profile-service hears of it. A token that
 * does not verify, or names nothing recorded, is a {@link NotFoundException}.
 */
public final class Engagements {

    private static final Logger LOG = Logger.getLogger(Engagements.class);

    private final LinkStore links;
    private final Ledger ledger;
    private final ProfileStates profiles;
    private final TouchpointPublisher touchpoints;
    private final String trackingSecret;
    private final long clickWindowSeconds;
    private final Clock clock;

    /** @param clickWindow repeated clicks of a link within one window of this length are one click downstream */
    public Engagements(LinkStore links, Ledger ledger, ProfileStates profiles, TouchpointPublisher touchpoints,
            String trackingSecret, Duration clickWindow, Clock clock) {
        this.clickWindowSeconds = Math.max(1, clickWindow.toSeconds());
        this.links = links;
        this.ledger = ledger;
        this.profiles = profiles;
        this.touchpoints = touchpoints;
        this.trackingSecret = trackingSecret;
        this.clock = clock;
    }

    /**
     * The URL a click token leads to. {@code Email Clicked} is handed to the producer without waiting for the broker:
     * the reader's click matters more than the event (one that cannot be handed over is logged and lost). Its id
     * is the link's (message and link index) and the click window's: a reader (or a mail scanner) clicking again
     * within the window publishes a duplicate that downstream drops; the redirect works every time.
     */
    public String click(String token) {
        String linkId = Signatures.verifyToken(trackingSecret, token).orElseThrow(() -> new NotFoundException("link"));
        LinkStore.TrackedLink link = links.find(linkId).orElseThrow(() -> new NotFoundException("link"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("requestId", link.requestId());
        properties.put("profileId", link.profileId());
        properties.put("url", link.url());
        properties.put("linkIndex", Long.parseLong(linkId.substring(linkId.lastIndexOf(':') + 1)));
        if (link.templateId() != null) {
            properties.put("templateId", link.templateId());
        }
        if (link.journeyId() != null) {
            properties.put("journeyId", link.journeyId());
        }
        if (link.stepId() != null) {
            properties.put("stepId", link.stepId());
        }
        Instant now = clock.instant();
        long window = Math.floorDiv(now.getEpochSecond(), clickWindowSeconds);
        TouchpointEvent clicked = OutcomeEvents.engagement("click:" + linkId + ":" + window,
                EventNames.EMAIL_CLICKED, Channel.EMAIL, properties, link.identity(), now);
        try {
            touchpoints.offer(clicked);
        } catch (RuntimeException e) {
            LOG.warnf("click event not published: %s", LogSafe.text(e));
        }
        return link.url();
    }

    /**
     * An open pixel was loaded: {@code Email Opened} with the message's request, journey, step and template, handed to
     * the producer without waiting (the image is answered either way). Its id is the message's and the click
     * window's, so repeated loads within a window (a reader opening the mail again) are one open downstream.
     */
    public void opened(String token) {
        String requestId = OpenPixel.requestId(trackingSecret, token).orElseThrow(() -> new NotFoundException("pixel"));
        LedgerEntry entry = ledger.find(requestId).orElseThrow(() -> new NotFoundException("pixel"));
        Map<String, Object> properties = messageProperties(entry);
        Map<String, String> who = links.find(entry.requestId() + ":0").map(LinkStore.TrackedLink::identity)
                .orElseGet(() -> entry.address() == null ? Map.of() : Map.of("email", entry.address()));
        Instant now = clock.instant();
        long window = Math.floorDiv(now.getEpochSecond(), clickWindowSeconds);
        try {
            touchpoints.offer(OutcomeEvents.engagement("open:" + entry.requestId() + ":" + window,
                    EventNames.EMAIL_OPENED, Channel.EMAIL, properties, who, now));
        } catch (RuntimeException e) {
            LOG.warnf("open event not published: %s", LogSafe.text(e));
        }
    }

    /**
     * The app reports that the person opened a push message: {@code Push Opened} (id {@code push-open:<requestId>},
     * one per message downstream however often the app reports it), naming the profile by its copy's identity.
     */
    public void pushOpened(String token) {
        String requestId = OpenPixel.pushRequestId(trackingSecret, token)
                .orElseThrow(() -> new NotFoundException("push message"));
        LedgerEntry entry = ledger.find(requestId).orElseThrow(() -> new NotFoundException("push message"));
        Map<String, Object> properties = messageProperties(entry);
        Map<String, String> who = profiles.copy(entry.profileId()).map(ProfileCopy::identity).orElse(Map.of());
        touchpoints.publish(OutcomeEvents.engagement("push-open:" + entry.requestId(), EventNames.PUSH_OPENED,
                Channel.PUSH, properties, who, clock.instant()));
    }

    /** What an engagement with a message says of it: its request and profile, template, journey and step. */
    static Map<String, Object> messageProperties(LedgerEntry entry) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("requestId", entry.requestId());
        properties.put("profileId", entry.profileId());
        if (entry.templateId() != null) {
            properties.put("templateId", entry.templateId());
        }
        if (entry.journeyId() != null) {
            properties.put("journeyId", entry.journeyId());
        }
        if (entry.stepId() != null) {
            properties.put("stepId", entry.stepId());
        }
        return properties;
    }

    /** Checks an unsubscribe token without changing anything (mail scanners fetch links). */
    public void checkUnsubscribe(String token) {
        requestOf(token);
    }

    /**
     * Unsubscribes the recipient of the message from marketing email, at once, and publishes {@code Unsubscribed}
     * (waiting for the broker: {@link TouchpointPublisher.Unavailable} when it does not take it; the consent change
     * stands, and repeating the request publishes the same event again).
     */
    public void unsubscribe(String token) {
        LedgerEntry entry = requestOf(token);
        Instant now = clock.instant();
        profiles.setConsent(entry.profileId(), "email", ConsentPolicy.UNSUBSCRIBED, now);
        // The identity recorded with the message's links, else the address it was sent to.
        Map<String, String> who = links.find(entry.requestId() + ":0").map(LinkStore.TrackedLink::identity)
                .orElseGet(() -> entry.address() == null ? Map.of() : Map.of("email", entry.address()));
        Map<String, Object> properties = messageProperties(entry);
        properties.put("channel", "email");
        touchpoints.publish(OutcomeEvents.engagement("unsubscribe:" + entry.requestId(), EventNames.UNSUBSCRIBED,
                Channel.EMAIL, properties, who, now));
    }

    private LedgerEntry requestOf(String token) {
        String requestId = Signatures.verifyToken(trackingSecret, token)
                .orElseThrow(() -> new NotFoundException("link"));
        return ledger.find(requestId).orElseThrow(() -> new NotFoundException("link"));
    }
}
