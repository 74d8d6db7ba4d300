package io.omnijourney.notification.app;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.SurveyLinks;
import io.omnijourney.notification.domain.DeliveryState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One-click survey answers from the signed links a message carries ({@link SurveyLinks}). Opening a link shows the
 * answer, ready to send with an optional comment: mail scanners open links, so opening records nothing. Sending
 * publishes {@code Survey Responded} (the score under its kind's name, as profile-service's CX metrics read it, the
 * survey, the request, journey and step, the comment) and keeps the answer: each message counts one answer, the first.
 *
 * <p>A survey asked by SMS or WhatsApp is answered by replying with the score ({@link #reply}): the template says
 * which survey it asks ({@link io.omnijourney.notification.domain.Template#survey()}).
 */
public final class Surveys {

    public static final int MAX_COMMENT = 1_000;

    private final SurveyAnswerStore answers;
    private final Ledger ledger;
    private final LinkStore links;
    private final ProfileStates profiles;
    private final TouchpointPublisher touchpoints;
    private final String secret;
    private final TemplateStore templates;
    private final Duration answerWindow;
    private final Clock clock;

    /** What a link shows: its answer, and the one already given for the message, if any. */
    public record Page(SurveyLinks.Answer answer, Optional<SurveyAnswerStore.StoredAnswer> given) {
    }

    /** A link past its expiry. */
    public static final class ExpiredException extends RuntimeException {
        public ExpiredException() {
            super("survey link expired");
        }
    }

    /** A comment over {@link #MAX_COMMENT} characters. */
    public static final class CommentTooLongException extends RuntimeException {
        public CommentTooLongException() {
            super("comment: at most " + MAX_COMMENT + " characters");
        }
    }

    /** SMS replies look this far back in the profile's ledger for the survey they answer. */
    static final int REPLY_LOOKBACK = 20;

    /**
     * @param templates    the templates, to learn which survey a message sent by SMS asks
     * @param answerWindow how long after its send a message's survey can be answered (its links' lifetime)
     */
    public Surveys(SurveyAnswerStore answers, Ledger ledger, LinkStore links, ProfileStates profiles,
            TouchpointPublisher touchpoints, String secret, TemplateStore templates, Duration answerWindow,
            Clock clock) {
        this.templates = templates;
        this.answerWindow = answerWindow;
        this.answers = answers;
        this.ledger = ledger;
        this.links = links;
        this.profiles = profiles;
        this.touchpoints = touchpoints;
        this.secret = secret;
        this.clock = clock;
    }

    public Page page(String token) {
        SurveyLinks.Answer answer = valid(token);
        return new Page(answer, answers.find(answer.requestId()));
    }

    /**
     * Sends the answer; false when the message has one already (nothing is published then). The event is published
     * before the answer is stored, under an id of the request ({@code survey:<requestId>}): if storing fails, sending
     * again publishes the same event, which downstream counts once.
     */
    public boolean answer(String token, String comment) {
        SurveyLinks.Answer answer = valid(token);
        String text = comment == null ? null : comment.strip();
        if (text != null && text.length() > MAX_COMMENT) {
            throw new CommentTooLongException();
        }
        if (answers.find(answer.requestId()).isPresent()) {
            return false;
        }
        LedgerEntry entry = ledger.find(answer.requestId()).orElseThrow(() -> new NotFoundException("survey link"));
        record(answer, entry, text, channelOf(entry.channel()), "link", clock.instant());
        return true;
    }

    /**
     * A reply of a score ("0" to "10") to a survey asked by SMS or WhatsApp: the answer to the newest message of the
     * profile (of its last {@value #REPLY_LOOKBACK} in the ledger) sent on that channel before the reply, less than the
     * answer window ago, whose template asks a survey; false (nothing recorded) when there is none, it is answered
     * already (a second reply does not change the first), or the score is outside the survey's scale (a 7 to a CSAT
     * question).
     */
    public boolean reply(String profileId, MessageChannel channel, int score, Instant repliedAt) {
        Optional<LedgerEntry> asked = ledger.byProfile(profileId, REPLY_LOOKBACK).stream()
                .filter(e -> channel.wireName().equals(e.channel()) && e.state() == DeliveryState.SENT)
                .filter(e -> e.updatedAt() != null && !e.updatedAt().isAfter(repliedAt)
                        && e.updatedAt().plus(answerWindow).isAfter(repliedAt))
                .filter(e -> surveyOf(e, channel).isPresent()).findFirst();
        if (asked.isEmpty()) {
            return false;
        }
        LedgerEntry entry = asked.get();
        SurveyLinks.Kind kind = surveyOf(entry, channel).orElseThrow();
        if (score < kind.min || score > kind.max || answers.find(entry.requestId()).isPresent()) {
            return false;
        }
        record(new SurveyLinks.Answer(entry.requestId(), kind, score, entry.updatedAt().plus(answerWindow)), entry,
                null, channel == MessageChannel.WHATSAPP ? Channel.WHATSAPP : Channel.SMS, channel.wireName() + "_reply",
                repliedAt);
        return true;
    }

    private Optional<SurveyLinks.Kind> surveyOf(LedgerEntry entry, MessageChannel channel) {
        return entry.templateId() == null ? Optional.empty()
                : templates.find(entry.templateId(), channel).map(t -> t.survey());
    }

    /** Publishes the answer, then keeps it (see {@link #answer}). */
    private void record(SurveyLinks.Answer answer, LedgerEntry entry, String text, Channel answeredOn, String by,
            Instant now) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(answer.kind().wireName(), (long) answer.score());
        properties.put("survey", answer.kind().wireName());
        properties.put("surveyId", entry.templateId());
        properties.putAll(Engagements.messageProperties(entry));
        putIfPresent(properties, "sentOn", entry.channel());
        properties.put("answeredBy", by);
        if (text != null && !text.isEmpty()) {
            properties.put("comment", text);
        }
        touchpoints.publish(OutcomeEvents.engagement("survey:" + entry.requestId(), EventNames.SURVEY_RESPONDED,
                answeredOn, properties, identity(entry), now));
        answers.record(answer, entry.profileId(), text == null || text.isEmpty() ? null : text, now);
    }

    /**
     * Whom the answer names: the identity recorded with the message's links, else the profile copy's, else the
     * address the message went to.
     */
    private Map<String, String> identity(LedgerEntry entry) {
        Optional<Map<String, String>> linked = links.find(entry.requestId() + ":0").map(LinkStore.TrackedLink::identity);
        if (linked.isPresent()) {
            return linked.get();
        }
        Optional<ProfileCopy> copy = profiles.copy(entry.profileId());
        if (copy.isPresent()) {
            return copy.get().identity();
        }
        if (entry.address() != null && "email".equals(entry.channel())) {
            return Map.of("email", entry.address());
        }
        boolean phone = "sms".equals(entry.channel()) || "whatsapp".equals(entry.channel());
        return entry.address() != null && phone ? Map.of("phone", entry.address()) : Map.of();
    }

    private SurveyLinks.Answer valid(String token) {
        SurveyLinks.Answer answer = SurveyLinks.parse(secret, token)
                .orElseThrow(() -> new NotFoundException("survey link"));
        if (clock.instant().isAfter(answer.expiresAt())) {
            throw new ExpiredException();
        }
        return answer;
    }

    /** The channel the message went out on; the inbox is the app's. */
    private static Channel channelOf(String sentOn) {
        if (MessageChannel.INBOX.wireName().equals(sentOn)) {
            return Channel.MOBILE;
        }
        return sentOn == null ? Channel.EMAIL : Channel.parse(sentOn).orElse(Channel.EMAIL);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
