package io.omnijourney.notification.app;

import io.omnijourney.kit.logging.LogSafe;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnijourney.contract.notification.MessageCategory;
import io.omnijourney.contract.notification.NotificationRequest;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.notification.domain.ConsentPolicy;
import io.omnijourney.notification.domain.DeliveryState;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.OpenPixel;
import io.omnijourney.notification.domain.RenderedMessage;
import io.omnijourney.notification.domain.RetryPolicy;
import io.omnijourney.notification.domain.SendOutcome;
import io.omnijourney.notification.domain.SurveyLinks;
import io.omnijourney.notification.domain.Signatures;
import io.omnijourney.notification.domain.Template;
import io.omnijourney.notification.domain.TemplateContent;
import io.omnijourney.notification.domain.TrackedLinks;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers one notification request: claims it in the ledger, applies erasure, waits for this service's copy of the
 * profile to reach the version the request was decided on, applies consent and the daily cap, renders, sends with
 * retries and records the final state. The ledger makes it safe to call again with the same request (redelivery,
 * restart): a request is sent at most once, and a final state is returned as it was recorded.
 *
 * <p>A request names its recipient by profile id and version only: addresses and traits come from the copy
 * ({@link ProfileCopy}), which the {@code profile-events} consumer keeps and which may lag behind the request that an
 * event caused. While it does, the request is {@link Result.AwaitingProfile} (tried again later, like a request another
 * instance holds), for at most {@link Settings#profileWait} after it was first claimed; then it is sent with what the
 * copy has, or failed when there is no copy at all. Requests of an older version carry identifiers and traits and are
 * served from those.
 */
public class DeliveryService {

    /** What became of a request. */
    public sealed interface Result {
        LedgerEntry entry();

        /**
         * Final state recorded (sent, suppressed or failed); {@code identity} names the recipient for the outcome
         * event (empty when nothing is known of them any more: an erased profile).
         */
        record Final(LedgerEntry entry, Map<String, String> identity) implements Result {
        }

        /** Another instance holds it: try again later. */
        record Busy(LedgerEntry entry) implements Result {
        }

        /** This service's copy of the profile has not reached the request's version yet: try again later. */
        record AwaitingProfile(LedgerEntry entry) implements Result {
        }
    }

    /**
     * @param profileWait how long after its first claim a request waits for the profile copy to catch up (keep it
     *                    below the consumers' stall timeout: a waiting request holds its poll)
     */
    /** @param surveyLinkTtl how long the survey answer links of a message work */
    /**
     * @param surveyLinkTtl how long the survey answer links of a message work
     * @param openPixel     which HTML emails carry the open pixel
     */
    public record Settings(int dailyCap, Duration lease, String publicBaseUrl, String trackingSecret,
            boolean trackClicks, Optional<String> unsubscribeMailto, Duration profileWait, Duration surveyLinkTtl,
            OpenPixel.Scope openPixel) {

        public Settings(int dailyCap, Duration lease, String publicBaseUrl, String trackingSecret,
                boolean trackClicks, Optional<String> unsubscribeMailto, Duration profileWait) {
            this(dailyCap, lease, publicBaseUrl, trackingSecret, trackClicks, unsubscribeMailto, profileWait,
                    Duration.ofDays(30), OpenPixel.Scope.MARKETING);
        }
    }

    /** Waits between tries; a seam so unit tests need not wait. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DeliveryService.class);

    private final TemplateStore templates;

    private final TemplateRenderer renderer;
    private final Ledger ledger;
    private final ProfileStates profiles;
    private final DailyCaps caps;
    private final LinkStore links;
    private final Map<MessageChannel, ChannelSender> senders;
    private final RetryPolicy retry;
    private final Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final LongAdder providerNanos = new LongAdder();
    private final LongAdder unmarkedTransactional = new LongAdder();
    private final LongAdder profileWaitsExpired = new LongAdder();

    public DeliveryService(TemplateStore templates, TemplateRenderer renderer, Ledger ledger, ProfileStates profiles,
            DailyCaps caps, LinkStore links, List<ChannelSender> senders, RetryPolicy retry, Settings settings,
            Clock clock, Sleeper sleeper) {
        this.templates = templates;
        this.renderer = renderer;
        this.ledger = ledger;
        this.profiles = profiles;
        this.caps = caps;
        this.links = links;
        this.senders = new LinkedHashMap<>();
        senders.forEach(s -> this.senders.put(s.channel(), s));
        this.retry = retry;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Nanoseconds spent inside provider calls so far (for the benchmark's "time outside the provider"). */
    public long providerNanos() {
        return providerNanos.sum();
    }

    /**
     * Requests that claimed category transactional with a template no admin marked transactional (handled as
     * marketing) so far.
     */
    public long unmarkedTransactional() {
        return unmarkedTransactional.sum();
    }

    /** Requests whose wait for the profile copy ran out so far (sent with an older copy, or failed without one). */
    public long profileWaitsExpired() {
        return profileWaitsExpired.sum();
    }

    /**
     * The category a request is handled as: transactional only with a template an admin marked transactional. A
     * journey (any marketer) can claim transactional; the claim would skip opt-outs and caps.
     */
    static MessageCategory effectiveCategory(NotificationRequest request, Template template) {
        return request.category() == MessageCategory.TRANSACTIONAL && !template.transactional()
                ? MessageCategory.MARKETING : request.category();
    }

    public Result handle(NotificationRequest request) {
        return handle(request, profiles.live(), null);
    }

    /**
     * Handles a request with erasure, consent and the profile copy from {@code facts} (e.g. read for a whole poll at
     * once, see {@link ProfileStates#facts}); {@code traceId} (may be null) is kept in the ledger record it creates.
     */
    public Result handle(NotificationRequest request, ProfileStates.Facts facts, String traceId) {
        Instant now = clock.instant();
        Ledger.Claim claim = ledger.claim(fresh(request, traceId, now), now, now.plus(settings.lease()));
        if (claim instanceof Ledger.Claim.Busy busy) {
            return new Result.Busy(busy.entry());
        }
        Optional<ProfileCopy> copy = request.carriesProfileData() ? Optional.empty()
                : facts.copy(request.profileId());
        RecipientData recipient = RecipientData.of(request, copy);
        if (claim instanceof Ledger.Claim.Done done) {
            return new Result.Final(done.entry(), recipient.identity());
        }
        if (claim instanceof Ledger.Claim.Interrupted interrupted) {
            return new Result.Final(ledger.finish(request.requestId(), DeliveryState.FAILED,
                    interrupted.entry().provider(), null, "interrupted: the previous owner stopped during a provider "
                            + "call; not sent again so that the request is sent at most once", clock.instant()),
                    recipient.identity());
        }
        LedgerEntry entry = ((Ledger.Claim.Owned) claim).entry();
        if (facts.isErased(request.profileId())) {
            return new Result.Final(finish(request.requestId(), DeliveryState.SUPPRESSED, null,
                    "erased: the profile was erased"), Map.of());
        }
        if (!request.carriesProfileData() && (copy.isEmpty() || copy.get().isOlderThan(request.profileVersion()))) {
            Optional<LedgerEntry> expired = waitForCopy(request, entry, copy, now);
            if (expired.isEmpty()) {
                return new Result.AwaitingProfile(entry);
            }
            if (expired.get().state().isFinal()) {
                return new Result.Final(expired.get(), recipient.identity());
            }
        }
        return new Result.Final(deliver(request, entry, facts, recipient), recipient.identity());
    }

    /**
     * A request whose profile copy is missing or older than its version: empty while it may still wait; once the wait
     * is over, the entry to go on with (sent with the copy there is), or a final one (failed: there is no copy).
     */
    private Optional<LedgerEntry> waitForCopy(NotificationRequest request, LedgerEntry entry,
            Optional<ProfileCopy> copy, Instant now) {
        Instant since = entry.createdAt() == null ? now : entry.createdAt();
        if (now.isBefore(since.plus(settings.profileWait()))) {
            return Optional.empty();
        }
        profileWaitsExpired.increment();
        if (copy.isEmpty()) {
            LOG.infof("request %s: no copy of profile %s after %s; failed", request.requestId(), request.profileId(),
                    settings.profileWait());
            return Optional.of(finish(request.requestId(), DeliveryState.FAILED, null, "profile: no copy of the "
                    + "profile after waiting " + settings.profileWait() + " (profile-events behind, or the profile "
                    + "unknown here)"));
        }
        LOG.infof("request %s: the copy of profile %s is at version %s, the request at %s, after %s; sent with the "
                + "copy", request.requestId(), request.profileId(), copy.get().version(), request.profileVersion(),
                settings.profileWait());
        return Optional.of(entry);
    }

    private LedgerEntry deliver(NotificationRequest request, LedgerEntry entry, ProfileStates.Facts facts,
            RecipientData recipient) {
        String id = request.requestId();
        Chosen chosen;
        // A new choice is written with the first attempt (or the final state): one ledger write less per send.
        Ledger.Choice choice = null;
        if (entry.channel() != null) {
            Optional<Chosen> resumed = resume(request, entry, recipient);
            if (resumed.isEmpty()) {
                return finish(id, DeliveryState.FAILED, null, "template: no longer exists for " + entry.channel());
            }
            chosen = resumed.get();
        } else {
            List<Refusal> refusals = new ArrayList<>();
            Optional<Chosen> picked = choose(request, 0, Set.of(), refusals, facts, recipient);
            if (picked.isEmpty()) {
                boolean suppressed = refusals.stream().anyMatch(Refusal::suppression);
                return finish(id, suppressed ? DeliveryState.SUPPRESSED : DeliveryState.FAILED, null,
                        String.join("; ", refusals.stream().map(Refusal::text).toList()));
            }
            chosen = picked.get();
            choice = choiceOf(chosen, recipient);
        }
        // Each channel that fails for good (a permanent failure, or transient ones until the tries ran out) hands the
        // request to the next requested channel that passes the choice: email, then SMS.
        List<String> failed = new ArrayList<>();
        Set<MessageChannel> triedChannels = EnumSet.noneOf(MessageChannel.class);
        int attempts = entry.attempts();
        // The first channel's tries count from the request's first attempt (a redelivery goes on counting); a
        // fallback channel gets tries of its own.
        int channelStart = 0;
        while (true) {
            Rendered rendered;
            try {
                rendered = render(request, chosen, recipient);
            } catch (RuntimeException e) {
                return ledger.finish(id, DeliveryState.FAILED, null, null,
                        withEarlier(failed, "render: " + e.getMessage()), choice, clock.instant());
            }
            // Outside the try: a store that cannot be reached is an outage to wait out, not a fault of the request.
            links.record(rendered.links());
            ChannelSender sender = senders.get(chosen.channel());
            ChannelSender.Delivery delivery = new ChannelSender.Delivery(id, request.profileId(),
                    effectiveCategory(request, chosen.template()).wireName(), chosen.address(), rendered.message(), request.journeyId(), request.stepId());
            Tried tried = sendWithRetries(sender, delivery, attempts, channelStart, choice,
                    failed.isEmpty() ? null : String.join("; ", failed));
            if (tried.sent() != null) {
                return tried.sent();
            }
            failed.add(chosen.channel().wireName() + ": " + tried.reason());
            triedChannels.add(chosen.channel());
            attempts = tried.attempts();
            channelStart = attempts;
            List<Refusal> refusals = new ArrayList<>();
            int next = request.channels().indexOf(chosen.requested()) + 1;
            Optional<Chosen> fallback = next <= 0 ? Optional.empty()
                    : choose(request, next, triedChannels, refusals, facts, recipient);
            if (fallback.isEmpty()) {
                refusals.forEach(r -> failed.add(r.text()));
                // One channel and nothing else to try: its reason as it is (what the dead letter and alerts match).
                return finish(id, DeliveryState.FAILED, tried.provider(),
                        failed.size() == 1 ? tried.reason() : String.join("; ", failed));
            }
            LOG.infof("request %s: %s failed for good, falling back to %s", id, chosen.channel().wireName(),
                    fallback.get().channel().wireName());
            chosen = fallback.get();
            choice = choiceOf(chosen, recipient);
        }
    }

    private static Ledger.Choice choiceOf(Chosen chosen, RecipientData recipient) {
        return new Ledger.Choice(chosen.channel().wireName(), chosen.address(), chosen.capKey(),
                chosen.template().resolve(recipient.locale()).locale());
    }

    private static String withEarlier(List<String> failed, String reason) {
        return failed.isEmpty() ? reason : String.join("; ", failed) + "; " + reason;
    }

    /** How a channel's tries ended: sent (the final entry), or failed for good with its provider and reason. */
    private record Tried(LedgerEntry sent, String provider, String reason, int attempts) {
    }

    /**
     * Tries one channel's providers until it is sent or fails for good (the retry policy counting the attempts after
     * {@code channelStart}); {@code earlier} (may be null) names the channels that failed before it, and is kept as
     * the reason of a send that succeeds on a fallback.
     */
    private Tried sendWithRetries(ChannelSender sender, ChannelSender.Delivery delivery, int previousAttempts,
            int channelStart, Ledger.Choice choice, String earlier) {
        List<String> providers = sender.providers();
        int attempt = previousAttempts;
        while (true) {
            attempt++;
            int providerIndex = (attempt - 1) % providers.size();
            String provider = providers.get(providerIndex);
            ledger.startAttempt(delivery.requestId(), attempt, provider, choice, clock.instant());
            choice = null;
            SendOutcome outcome = call(sender, delivery, providerIndex, provider);
            if (outcome instanceof SendOutcome.Accepted accepted) {
                return new Tried(ledger.finish(delivery.requestId(), DeliveryState.SENT, accepted.provider(),
                        accepted.providerMessageId(), earlier == null ? null : "fallback after " + earlier,
                        clock.instant()), null, null, attempt);
            }
            if (outcome instanceof SendOutcome.Permanent permanent) {
                ledger.endAttempt(delivery.requestId(), permanent.reason(), clock.instant());
                return new Tried(null, permanent.provider(), "permanent: " + permanent.reason(), attempt);
            }
            SendOutcome.Transient failure = (SendOutcome.Transient) outcome;
            LOG.infof("request %s attempt %d via %s failed transiently: %s", delivery.requestId(), attempt, provider,
                    LogSafe.text(failure.reason()));
            ledger.endAttempt(delivery.requestId(), failure.reason(), clock.instant());
            Optional<Duration> delay = retry.delayBefore(attempt - channelStart + 1, failure);
            if (delay.isEmpty()) {
                return new Tried(null, failure.provider(), "transient: gave up after " + (attempt - channelStart)
                        + " attempt(s): " + failure.reason(), attempt);
            }
            try {
                sleeper.sleep(delay.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // Not final: the attempt ended cleanly, so a redelivery resumes the tries.
                throw new IllegalStateException("interrupted between tries", e);
            }
        }
    }

    private SendOutcome call(ChannelSender sender, ChannelSender.Delivery delivery, int index, String provider) {
        long start = System.nanoTime();
        try {
            return sender.send(delivery, index);
        } catch (RuntimeException e) {
            return new SendOutcome.Transient(provider, "unexpected: " + e, Optional.empty());
        } finally {
            providerNanos.add(System.nanoTime() - start);
        }
    }

    private record Chosen(Channel requested, MessageChannel channel, Template template, String address,
            String capKey) {
    }

    private record Refusal(String text, boolean suppression) {
    }

    /**
     * The first of the requested channels from index {@code from} on that can take the request, leaving out those
     * already tried ({@code mobile} and {@code web} are both the inbox).
     */
    private Optional<Chosen> choose(NotificationRequest request, int from, Set<MessageChannel> tried,
            List<Refusal> refusals, ProfileStates.Facts facts, RecipientData recipient) {
        for (Channel requested : request.channels().subList(Math.min(from, request.channels().size()),
                request.channels().size())) {
            Optional<MessageChannel> channel = MessageChannel.of(requested);
            if (channel.isPresent() && tried.contains(channel.get())) {
                continue;
            }
            if (channel.isEmpty() || !senders.containsKey(channel.get())) {
                refusals.add(new Refusal(requested.wireName() + ": unsupported channel", false));
                continue;
            }
            MessageChannel mc = channel.get();
            Optional<Template> template = templates.find(request.templateId(), mc);
            if (template.isEmpty()) {
                refusals.add(new Refusal(mc.wireName() + ": no template '" + request.templateId() + "'", false));
                continue;
            }
            Optional<String> address = addressFor(mc, request, recipient, template.get());
            if (address.isEmpty()) {
                refusals.add(new Refusal(mc.wireName() + ": no-address: the profile has no " + mc.wireName()
                        + " address", true));
                continue;
            }
            Optional<String> consent = facts.consent(request.profileId(), mc.wireName())
                    .or(() -> Optional.ofNullable(request.recipient().consent()).map(c -> c.get(mc.wireName())));
            MessageCategory category = effectiveCategory(request, template.get());
            if (category != request.category()) {
                unmarkedTransactional.increment();
                LOG.infof("request %s claims transactional with template %s for %s, which no admin marked "
                        + "transactional: handled as marketing", request.requestId(), request.templateId(),
                        mc.wireName());
            }
            Optional<String> suppression = ConsentPolicy.suppression(category, mc, consent, false);
            if (suppression.isPresent()) {
                refusals.add(new Refusal(mc.wireName() + ": " + suppression.get(), true));
                continue;
            }
            String capKey = null;
            if (category == MessageCategory.MARKETING) {
                DailyCaps.Window window = new DailyCaps.Window(request.profileId(), mc.wireName(),
                        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
                capKey = window.key();
                if (!caps.tryCount(window, request.requestId(), settings.dailyCap())) {
                    refusals.add(new Refusal(mc.wireName() + ": daily-cap: " + settings.dailyCap()
                            + " marketing messages today", true));
                    continue;
                }
            }
            return Optional.of(new Chosen(requested, mc, template.get(), address.get(), capKey));
        }
        return Optional.empty();
    }

    private Optional<Chosen> resume(NotificationRequest request, LedgerEntry entry, RecipientData recipient) {
        MessageChannel mc = MessageChannel.parse(entry.channel()).orElseThrow();
        Channel requested = request.channels().stream().filter(c -> MessageChannel.of(c).orElse(null) == mc)
                .findFirst().orElse(request.channels().get(0));
        return templates.find(request.templateId(), mc)
                .map(t -> new Chosen(requested, mc, t, entry.address() != null ? entry.address()
                        : addressFor(mc, request, recipient, t).orElse(null), entry.capKey()));
    }

    static Optional<String> addressFor(MessageChannel channel, NotificationRequest request, RecipientData recipient,
            Template template) {
        return switch (channel) {
            case EMAIL -> recipient.first("email");
            case SMS, WHATSAPP -> recipient.first("phone");
            case PUSH -> recipient.first("pushToken").or(() -> recipient.first("deviceToken"));
            case WEBHOOK -> Optional.of(((TemplateContent.Webhook) template.resolve(null).content()).url());
            case INBOX -> Optional.of(request.profileId());
        };
    }

    /** A rendered message and the tracked links it contains (to record before it is sent). */
    private record Rendered(RenderedMessage message, List<LinkStore.TrackedLink> links) {
    }

    private Rendered render(NotificationRequest request, Chosen chosen, RecipientData recipient) {
        Template.Resolved resolved = chosen.template().resolve(recipient.locale());
        Map<String, String> parts = renderer.render(resolved.content(), TemplateData.of(request, recipient,
                SurveyLinks.templateData(settings.publicBaseUrl(), settings.trackingSecret(), request.requestId(),
                        clock.instant().plus(settings.surveyLinkTtl()))));
        if (chosen.channel() == MessageChannel.EMAIL) {
            return email(request, parts, effectiveCategory(request, chosen.template()), recipient);
        }
        return new Rendered(switch (chosen.channel()) {
            case SMS -> new RenderedMessage.Sms(parts.get("text"));
            case WHATSAPP -> whatsApp((TemplateContent.WhatsApp) resolved.content(), parts);
            case PUSH -> new RenderedMessage.Push(parts.get("title"), parts.get("body"), parts.get("deepLink"));
            case INBOX -> new RenderedMessage.Inbox(parts.get("title"), parts.get("body"), parts.get("deepLink"));
            case WEBHOOK -> webhook(((TemplateContent.Webhook) resolved.content()).url(), parts.get("body"));
            case EMAIL -> throw new IllegalStateException("rendered above");
        }, List.of());
    }

    /** The survey a sent message asks: its template's on the channel it went out on (empty: none, or not sent). */
    public Optional<SurveyLinks.Kind> survey(NotificationRequest request, LedgerEntry entry) {
        if (entry.state() != DeliveryState.SENT || entry.channel() == null || request.templateId() == null) {
            return Optional.empty();
        }
        return MessageChannel.parse(entry.channel()).flatMap(channel -> templates.find(request.templateId(), channel))
                .map(Template::survey);
    }

    /** The rendered variables of an approved template go as its ContentVariables; without one, the text. */
    private static RenderedMessage.WhatsApp whatsApp(TemplateContent.WhatsApp content, Map<String, String> parts) {
        Map<String, String> variables = new LinkedHashMap<>();
        content.variables().keySet().forEach(name -> variables.put(name,
                parts.get(TemplateContent.WhatsApp.VARIABLE_PART + name)));
        return new RenderedMessage.WhatsApp(parts.get("text"), content.contentSid(), variables);
    }

    private Rendered email(NotificationRequest request, Map<String, String> parts, MessageCategory category,
            RecipientData recipient) {
        String html = parts.get("html");
        List<LinkStore.TrackedLink> tracked = new ArrayList<>();
        if (html != null && settings.trackClicks()) {
            TrackedLinks.Rewritten rewritten = TrackedLinks.rewrite(html, index -> clickUrl(request, index));
            for (int i = 0; i < rewritten.originalUrls().size(); i++) {
                tracked.add(new LinkStore.TrackedLink(request.requestId() + ":" + i, request.requestId(),
                        request.profileId(), rewritten.originalUrls().get(i), request.templateId(),
                        request.journeyId(), request.stepId(), recipient.identity()));
            }
            html = rewritten.html();
        }
        if (html != null && settings.openPixel().covers(category == MessageCategory.MARKETING)) {
            html = OpenPixel.append(html, settings.publicBaseUrl() + "/t/o/"
                    + OpenPixel.token(settings.trackingSecret(), request.requestId()));
        }
        String unsubscribe = null;
        if (category == MessageCategory.MARKETING) {
            String link = "<" + settings.publicBaseUrl() + "/t/u/"
                    + Signatures.token(settings.trackingSecret(), request.requestId()) + ">";
            unsubscribe = settings.unsubscribeMailto().map(m -> "<mailto:" + m + "?subject=unsubscribe>, " + link)
                    .orElse(link);
        }
        return new Rendered(new RenderedMessage.Email(subjectLine(parts.get("subject")), html, parts.get("text"),
                unsubscribe), tracked);
    }

    /** The subject is a header: a line break from the data would end it and start headers of the data's choice. */
    private static String subjectLine(String rendered) {
        String subject = rendered.strip();
        if (Templates.hasControlCharacter(subject)) {
            throw new IllegalArgumentException("the rendered subject contains a line break or another control "
                    + "character (from the data it was given); not sent, so that no header can be added");
        }
        return subject;
    }

    private String clickUrl(NotificationRequest request, int index) {
        return settings.publicBaseUrl() + "/t/c/"
                + Signatures.token(settings.trackingSecret(), request.requestId() + ":" + index);
    }

    private static RenderedMessage webhook(String url, String body) {
        try {
            JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the rendered webhook body is not JSON");
        }
        return new RenderedMessage.Webhook(url, body);
    }

    private LedgerEntry finish(String requestId, DeliveryState state, String provider, String reason) {
        return ledger.finish(requestId, state, provider, null, reason, clock.instant());
    }

    private static LedgerEntry fresh(NotificationRequest r, String traceId, Instant now) {
        return new LedgerEntry(r.requestId(), r.profileId(), r.journeyId(), r.stepId(), r.templateId(),
                r.category().wireName(), null, null, DeliveryState.QUEUED, null, 0, null, false, null, null, null,
                null, traceId, now, now);
    }
}
