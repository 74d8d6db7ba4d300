package io.omnijourney.notification.adapter.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnijourney.notification.app.ChannelSender;
import io.omnijourney.notification.config.NotificationConfig;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.SendOutcome;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.ext.mail.SMTPException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Email over SMTP (quarkus-mailer). The Message-ID derives from the requestId, so the provider message id is known
 * before the send and a receiving system can tell duplicates apart. SMTP 5xx replies are permanent, 4xx and
 * connection failures transient. With a secondary mailer, provider 1 is it (the tries alternate after transient
 * failures).
 */
public class SmtpEmailSender implements ChannelSender {

    public static final String PROVIDER = "smtp";
    /** The name of the secondary mailer ({@code quarkus.mailer.secondary.*}) and, prefixed, of its provider. */
    public static final String SECONDARY = "secondary";
    public static final String SECONDARY_PROVIDER = "smtp-secondary";

    private final List<ReactiveMailer> mailers;
    private final NotificationConfig config;
    private final io.vertx.core.Context context;

    /**
     * @param context an event-loop context of its own, on which every send starts, as the HTTP providers' calls do
     *                ({@code ProviderHttp}): called from the consumer's worker threads, each send would otherwise get
     *                a context of its own, and under concurrent sends a mail now and then waited for its whole timeout
     */
    public SmtpEmailSender(List<ReactiveMailer> mailers, NotificationConfig config, io.vertx.core.Context context) {
        this.mailers = List.copyOf(mailers);
        this.config = config;
        this.context = context;
    }

    @Override
    public MessageChannel channel() {
        return MessageChannel.EMAIL;
    }

    @Override
    public List<String> providers() {
        return mailers.size() == 1 ? List.of(PROVIDER) : List.of(PROVIDER, SECONDARY_PROVIDER);
    }

    @Override
    public SendOutcome send(Delivery delivery, int providerIndex) {
        RenderedMessage.Email email = (RenderedMessage.Email) delivery.message();
        Mail mail = email.html() != null ? Mail.withHtml(delivery.address(), email.subject(), email.html())
                : Mail.withText(delivery.address(), email.subject(), email.text());
        if (email.html() != null && email.text() != null) {
            mail.setText(email.text());
        }
        String messageId = "<" + digest(delivery.requestId()) + "@omnijourney>";
        mail.setFrom(config.email().from()).addHeader("Message-ID", messageId)
                .addHeader("X-OmniJourney-Request-Id", delivery.requestId());
        if (delivery.journeyId() != null) {
            mail.addHeader("X-OmniJourney-Journey-Id", delivery.journeyId());
        }
        if (delivery.stepId() != null) {
            mail.addHeader("X-OmniJourney-Step-Id", delivery.stepId());
        }
        // SendGrid's SMTP relay puts these on every event of the message (its Event Webhook's custom arguments), so
        // that delivered, opened, bounced and spam events come back naming the request; other relays ignore it.
        mail.addHeader("X-SMTPAPI", smtpApi(delivery));
        if (email.listUnsubscribe() != null) {
            mail.addHeader("List-Unsubscribe", email.listUnsubscribe());
            mail.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        String provider = providers().get(providerIndex);
        try {
            send(mailers.get(providerIndex), mail);
            return new SendOutcome.Accepted(provider, messageId);
        } catch (RuntimeException e) {
            Optional<SMTPException> smtp = smtpCause(e);
            if (smtp.isPresent() && smtp.get().isPermanent()) {
                return new SendOutcome.Permanent(provider, "SMTP " + smtp.get().getReplyCode());
            }
            String reason = smtp.map(s -> "SMTP " + s.getReplyCode())
                    .orElse("connection failure: " + e.getClass().getSimpleName());
            return new SendOutcome.Transient(provider, reason, Optional.empty());
        }
    }

    private void send(ReactiveMailer mailer, Mail mail) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        context.runOnContext(ignored -> mailer.send(mail).subscribe().with(sent::complete,
                sent::completeExceptionally));
        try {
            sent.get(config.delivery().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new io.smallrye.mutiny.TimeoutException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        }
    }

    /** {@code {"unique_args": {requestId, profileId, journeyId?, stepId?}}}, our own ids only (no user text). */
    static String smtpApi(Delivery delivery) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("requestId", delivery.requestId());
        args.put("profileId", delivery.profileId());
        if (delivery.journeyId() != null) {
            args.put("journeyId", delivery.journeyId());
        }
        if (delivery.stepId() != null) {
            args.put("stepId", delivery.stepId());
        }
        try {
            return JSON.writeValueAsString(Map.of("unique_args", args));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<SMTPException> smtpCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp) {
                return Optional.of(smtp);
            }
        }
        return Optional.empty();
    }

    private static String digest(String requestId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(requestId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
