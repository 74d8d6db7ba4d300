package io.omnijourney.contract.touchpoint;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What became of a sent message, as delivery and engagement touchpoints report it (their {@code properties.requestId}
 * names the message). Only touchpoints of the message channels report fates: provider webhooks and
 * notification-service's own reports arrive on them, while a public web or app write key cannot.
 */
public enum MessageFate {
    DELIVERED, OPENED, CLICKED, BOUNCED, COMPLAINED, UNSUBSCRIBED;

    private static final Map<String, MessageFate> EVENTS = Map.ofEntries(
            Map.entry(EventNames.EMAIL_DELIVERED, DELIVERED),
            Map.entry(EventNames.EMAIL_OPENED, OPENED),
            Map.entry(EventNames.EMAIL_CLICKED, CLICKED),
            Map.entry(EventNames.EMAIL_BOUNCED, BOUNCED),
            Map.entry(EventNames.EMAIL_MARKED_AS_SPAM, COMPLAINED),
            Map.entry(EventNames.UNSUBSCRIBED, UNSUBSCRIBED),
            Map.entry(EventNames.SMS_DELIVERED, DELIVERED),
            Map.entry(EventNames.SMS_UNDELIVERED, BOUNCED),
            Map.entry(EventNames.SMS_FAILED, BOUNCED),
            Map.entry(EventNames.PUSH_OPENED, OPENED),
            Map.entry(EventNames.WHATSAPP_DELIVERED, DELIVERED),
            Map.entry(EventNames.WHATSAPP_READ, OPENED),
            Map.entry(EventNames.WHATSAPP_UNDELIVERED, BOUNCED),
            Map.entry(EventNames.WHATSAPP_FAILED, BOUNCED));
    private static final Set<Channel> CHANNELS = EnumSet.of(Channel.EMAIL, Channel.SMS, Channel.PUSH,
            Channel.WHATSAPP);

    /** The lower-case name ({@code delivered}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The fate the touchpoint reports, if it is a fate event on a message channel. */
    public static Optional<MessageFate> of(TouchpointEvent touchpoint) {
        if (touchpoint == null || touchpoint.event() == null || !CHANNELS.contains(touchpoint.channel())) {
            return Optional.empty();
        }
        return Optional.ofNullable(EVENTS.get(touchpoint.event()));
    }
}
