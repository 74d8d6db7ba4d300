package io.omnijourney.notification.domain;

/** A message rendered for one recipient, ready for its channel's sender. */
public sealed interface RenderedMessage {

    /** @param listUnsubscribe the List-Unsubscribe header value (marketing mail), or null */
    record Email(String subject, String html, String text, String listUnsubscribe) implements RenderedMessage {
    }

    record Sms(String text) implements RenderedMessage {
    }

    record Push(String title, String body, String deepLink) implements RenderedMessage {
    }

    record Webhook(String url, String body) implements RenderedMessage {
    }

    record Inbox(String title, String body, String deepLink) implements RenderedMessage {
    }
}
