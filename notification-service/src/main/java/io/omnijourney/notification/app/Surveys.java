package io.omnijourney.notification.app;

import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.notification.domain.MessageChannel;
import io.omnijourney.notification.domain.SurveyLinks;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One-click survey answers from the signed links a message carries ({@link SurveyLinks}). Opening a link shows the
 * answer, ready to send with an optional comment: mail scanners open links, so opening records nothing. Sending
 * publishes {@code Survey Responded} (the score under its kind's name, as profile-service's CX metrics read it, the
 * survey, the request, journey and step, the comment) and keeps the answer: each message counts one answer, the first.
 */
public final class Surveys {

    public static final int MAX_COMMENT = 1_000;

    private final SurveyAnswerStore answers;
    private final Ledger ledger;
    private final LinkStore links;
    private final ProfileStates profiles;
    private final TouchpointPublisher touchpoints;
    private final String secret;
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

    public Surveys(SurveyAnswerStore answers, Ledger ledger, LinkStore links, ProfileStates profiles,
            TouchpointPublisher touchpoints, String secret, Clock clock) {
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
        Instant now = clock.instant();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(answer.kind().wireName(), (long) answer.score());
        properties.put("survey", answer.kind().wireName());
        properties.put("surveyId", entry.templateId());
        properties.putAll(Engagements.messageProperties(entry));
        putIfPresent(properties, "sentOn", entry.channel());
        if (text != null && !text.isEmpty()) {
            properties.put("comment", text);
        }
        touchpoints.publish(OutcomeEvents.engagement("survey:" + entry.requestId(), EventNames.SURVEY_RESPONDED,
                channelOf(entry.channel()), properties, identity(entry), now));
        answers.record(answer, entry.profileId(), text == null || text.isEmpty() ? null : text, now);
        return true;
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
