package io.omnijourney.ingest.domain.provider;

import io.omnijourney.contract.identity.PhoneNumbers;
import io.omnijourney.contract.touchpoint.Channel;
import java.util.Optional;

/**
 * A phone address in a Twilio Programmable Messaging payload: an E.164 number for SMS, or {@code whatsapp:} and the
 * number for WhatsApp. Twilio signs the whole form, so the prefix is the provider's word on which channel a message
 * travelled, never the sender's: it is read only from a verified webhook.
 *
 * @param channel {@link Channel#SMS} or {@link Channel#WHATSAPP}
 * @param phone   the number in E.164, prefix removed
 */
public record TwilioAddress(Channel channel, String phone) {

    public static final String WHATSAPP_PREFIX = "whatsapp:";

    /** The address of {@code raw}, or empty when it is neither an E.164 number nor a WhatsApp one. */
    public static Optional<TwilioAddress> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.strip();
        if (value.regionMatches(true, 0, WHATSAPP_PREFIX, 0, WHATSAPP_PREFIX.length())) {
            return PhoneNumbers.toE164(value.substring(WHATSAPP_PREFIX.length()))
                    .map(phone -> new TwilioAddress(Channel.WHATSAPP, phone));
        }
        return PhoneNumbers.toE164(value).map(phone -> new TwilioAddress(Channel.SMS, phone));
    }
}
