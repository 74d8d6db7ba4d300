package io.omnijourney.notification.domain;

/** A message rendered for one recipient, ready for its channel's sender. */
public sealed interface RenderedMessage {

    /** @param listUnsubscribe the List-Unsubscribe header value (marketing mail), or null */
    record Email(String subject, String html, String text, String listUnsubscribe) implements RenderedMessage {
    }

    record Sms(String text) implements RenderedMessage {
    }

    /**
     * @param text             the free-form body, or null when the template has no text
     * @param contentSid       an approved WhatsApp template (Twilio Content API), or null for a free-form message
     * @param contentVariables the template's variables ("1".."10") rendered for this recipient; empty without one
     */
    record WhatsApp(String text, String contentSid, java.util.Map<String, String> contentVariables)
            implements RenderedMessage {
        public WhatsApp {
            contentVariables = contentVariables == null ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(TemplateContent.WhatsApp.inOrder(contentVariables));
        }
    }

    record Push(String title, String body, String deepLink) implements RenderedMessage {
    }

    record Webhook(String url, String body) implements RenderedMessage {
    }

    record Inbox(String title, String body, String deepLink) implements RenderedMessage {
    }
}
