package io.omnijourney.notification.domain;

import io.omnijourney.contract.notification.MessageCategory;
import java.util.Optional;

/**
 * Who may receive what. Marketing needs an explicit {@code subscribed} on the message's channel (the in-app inbox
 * excepted: it is shown only to a signed-in user, so only an explicit opt-out stops it). Transactional messages
 * ignore a marketing opt-out but never go to a hard-bounced address. Nothing goes to an erased profile.
 *
 * <p>WhatsApp follows the same rules, with one more: its marketing needs the explicit opt-in WhatsApp's policy asks for
 * (a {@code whatsapp} consent of {@code subscribed}, as any other channel's), its transactional messages, like SMS, do
 * not wait for one, but an explicit opt-out ({@code unsubscribed} or {@code complained} on {@code whatsapp}) stops
 * them too: WhatsApp's policy asks businesses to honour opt-out requests, and messages to people who asked to stop
 * lower the sending number's quality rating, which throttles all its messages (the request's next channel takes
 * over).
 */
public final class ConsentPolicy {

    public static final String SUBSCRIBED = "subscribed";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String BOUNCED = "bounced";
    public static final String COMPLAINED = "complained";

    private ConsentPolicy() {
    }

    /** The reason to suppress, or empty when the message may go out. */
    public static Optional<String> suppression(MessageCategory category, MessageChannel channel,
            Optional<String> consentStatus, boolean erased) {
        if (erased) {
            return Optional.of("erased: the profile was erased");
        }
        String status = consentStatus.orElse(null);
        if (BOUNCED.equals(status)) {
            return Optional.of("bounced: the " + channel.wireName() + " address hard-bounced");
        }
        boolean optedOut = UNSUBSCRIBED.equals(status) || COMPLAINED.equals(status);
        if (category == MessageCategory.TRANSACTIONAL && !(optedOut && channel == MessageChannel.WHATSAPP)) {
            return Optional.empty();
        }
        if (optedOut) {
            return Optional.of("unsubscribed: " + status + " on " + channel.wireName());
        }
        if (SUBSCRIBED.equals(status) || channel == MessageChannel.INBOX) {
            return Optional.empty();
        }
        return Optional.of("no-consent: no marketing consent on " + channel.wireName());
    }
}
