package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import java.util.Locale;

/**
 * Who a touchpoint speaks for, which decides how it is ordered against others ({@link EventStamp#of}).
 *
 * <p>A client (a browser, an app, a store's POS, a partner's server: anything holding a write key) chooses its event
 * times, so its signal is ordered at the earlier of its event time and the moment ingest received it: it can
 * backdate itself, never put itself in the future. An operator action is ordered at its receipt and wins a tie, so
 * it beats every client signal received before it. Operator actions are recognized by the channel, which the sending
 * source's configuration fixes and the body cannot choose: {@code system} (this service's consent overrides and other
 * services' own events), {@code email}, {@code sms} and {@code whatsapp} (the email and SMS providers' webhooks:
 * bounces, complaints, unsubscribes, STOP and START keywords; ingest gives {@code whatsapp} only to what the SMS
 * provider signed as a WhatsApp message), and anything notification-service sends (its one-click unsubscribe). A
 * tracking source created on one of those channels would speak with an operator's precedence: do not give one a
 * public write key.
 */
public enum SignalSource {
    CLIENT(false),
    ADMIN_OVERRIDE(true),
    ONE_CLICK_UNSUBSCRIBE(true),
    PROVIDER_STOP(true),
    PROVIDER_UNSUBSCRIBE(true),
    PROVIDER_BOUNCE(true),
    PROVIDER_COMPLAINT(true),
    /** Other events of providers and services (deliveries, sends): operator-ordered, not consent actions. */
    SERVICE(true);

    /** The source id of notification-service's own touchpoints (outcomes, engagements). */
    static final String NOTIFICATION_SERVICE = "notification-service";

    private final boolean operator;

    SignalSource(boolean operator) {
        this.operator = operator;
    }

    public boolean isOperator() {
        return operator;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SignalSource of(TouchpointEvent event) {
        String name = event.event() == null ? "" : event.event();
        boolean consentChange = name.equals(EventNames.UNSUBSCRIBED) || name.equals(EventNames.RESUBSCRIBED);
        if (NOTIFICATION_SERVICE.equals(event.sourceId())) {
            return name.equals(EventNames.UNSUBSCRIBED) ? ONE_CLICK_UNSUBSCRIBE : SERVICE;
        }
        Channel channel = event.channel();
        if (channel == Channel.SYSTEM) {
            return consentChange ? ADMIN_OVERRIDE : SERVICE;
        }
        if (channel == Channel.SMS || channel == Channel.WHATSAPP) {
            return consentChange ? PROVIDER_STOP : SERVICE;
        }
        if (channel == Channel.EMAIL) {
            return switch (name) {
                case EventNames.EMAIL_BOUNCED -> PROVIDER_BOUNCE;
                case EventNames.EMAIL_MARKED_AS_SPAM -> PROVIDER_COMPLAINT;
                case EventNames.UNSUBSCRIBED, EventNames.RESUBSCRIBED -> PROVIDER_UNSUBSCRIBE;
                default -> SERVICE;
            };
        }
        return CLIENT;
    }
}
