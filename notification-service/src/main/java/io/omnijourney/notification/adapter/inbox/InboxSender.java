package io.omnijourney.notification.adapter.inbox;

import io.omnijourney.notification.app.ChannelSender;
import io.omnijourney.notification.app.InboxStore;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.SendOutcome;
import java.time.Clock;
import java.util.List;

/** The in-app inbox: delivering is storing the message (id = requestId, so a redelivery stores it once). */
public class InboxSender implements ChannelSender {

    public static final String PROVIDER = "inbox";

    private final InboxStore inbox;
    private final Clock clock;

    public InboxSender(InboxStore inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    public MessageChannel channel() {
        return MessageChannel.INBOX;
    }

    @Override
    public List<String> providers() {
        return List.of(PROVIDER);
    }

    @Override
    public SendOutcome send(Delivery delivery, int providerIndex) {
        RenderedMessage.Inbox message = (RenderedMessage.Inbox) delivery.message();
        inbox.put(new InboxStore.InboxMessage(delivery.requestId(), delivery.profileId(), message.title(),
                message.body(), message.deepLink(), clock.instant(), null));
        return new SendOutcome.Accepted(PROVIDER, delivery.requestId());
    }
}
