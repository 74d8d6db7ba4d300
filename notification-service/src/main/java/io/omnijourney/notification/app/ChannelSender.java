package io.omnijourney.notification.app;

import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.SendOutcome;
import java.util.List;

/** Hands a rendered message to a channel's provider. Never throws for a provider's answer: it is classified. */
public interface ChannelSender {

    MessageChannel channel();

    /** The provider names, primary first; tries alternate among them after transient failures. */
    List<String> providers();

    SendOutcome send(Delivery delivery, int providerIndex);

    /**
     * @param address email, E.164 phone, device token, webhook URL or profileId (inbox)
     */
    /** {@code journeyId} and {@code stepId} are null for a message no journey asked for. */
    record Delivery(String requestId, String profileId, String category, String address, RenderedMessage message,
            String journeyId, String stepId) {

        public Delivery(String requestId, String profileId, String category, String address,
                RenderedMessage message) {
            this(requestId, profileId, category, address, message, null, null);
        }
    }
}
