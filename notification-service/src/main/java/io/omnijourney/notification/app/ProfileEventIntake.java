package io.omnijourney.notification.app;

import io.omnijourney.contract.profile.ErasureAck;
import io.omnijourney.contract.profile.ProfileEvent;
import io.omnijourney.contract.touchpoint.Channel;
import io.omnijourney.contract.touchpoint.EventNames;
import io.omnijourney.contract.touchpoint.MessageFate;
import io.omnijourney.contract.touchpoint.TouchpointEvent;
import io.omnijourney.notification.domain.MessageChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this service takes from the profile events of a poll, in order: {@code profile_erased} purges what it holds
 * of the profile and remembers the id (later requests are suppressed); {@code touchpoint} events carry the profile
 * after the event, from which the latest consent per channel and the copy of identifiers, traits, locale, time zone and
 * profile version are kept (what requests are addressed and rendered from, and template previews); delivery and
 * engagement touchpoints ({@link MessageFate}: delivered, opened, clicked, bounced, complained, unsubscribed) that
 * name a request are recorded on its ledger entry, the first report of each fate kept; an inbound SMS whose text is a
 * score answers the survey last asked on that channel ({@link Surveys#reply}). Other kinds are not needed
 * here. The poll's profiles are read in bulk and their changes written in bulk ({@link ProfileStates.Batch}); everything is durable when this returns, and applying the same events again
 * changes nothing. Once the purge is durable, each erasure of an erasure request is acknowledged on
 * {@code erasure-acks} (deterministic ackId: acknowledging a redelivered erasure again changes nothing downstream).
 */
public final class ProfileEventIntake {

    private static final int MAX_REQUEST_ID = 200;
    private static final Pattern SCORE = Pattern.compile("\\s*(10|[0-9])\\s*[.!]?\\s*");

    private final ProfileStates profiles;
    private final Ledger ledger;
    private final Surveys surveys;
    private final ErasureService erasure;
    private final ErasureAcknowledgements acknowledgements;
    private final Clock clock;

    public ProfileEventIntake(ProfileStates profiles, Ledger ledger, Surveys surveys, ErasureService erasure,
            ErasureAcknowledgements acknowledgements, Clock clock) {
        this.profiles = profiles;
        this.ledger = ledger;
        this.surveys = surveys;
        this.erasure = erasure;
        this.acknowledgements = acknowledgements;
        this.clock = clock;
    }

    public void apply(List<ProfileEvent> events) {
        Set<String> profileIds = new LinkedHashSet<>();
        events.forEach(e -> profileIds.add(e.profileId()));
        ProfileStates.Batch batch = profiles.batch(profileIds);
        List<ProfileEvent> erasures = new ArrayList<>();
        List<Ledger.FateReport> fates = new ArrayList<>();
        List<Reply> replies = new ArrayList<>();
        for (ProfileEvent event : events) {
            switch (event.kind()) {
                case PROFILE_ERASED -> {
                    erasure.erase(event.profileId(), event.occurredAt());
                    batch.erased(event.profileId());
                    erasures.add(event);
                }
                case TOUCHPOINT -> {
                    batch.apply(event.profileId(), event.profile(), event.occurredAt());
                    fate(event).ifPresent(fates::add);
                    reply(event).ifPresent(replies::add);
                }
                default -> {
                }
            }
        }
        batch.flush();
        if (!fates.isEmpty()) {
            ledger.recordFates(fates);
        }
        replies.forEach(r -> surveys.reply(r.profileId(), r.channel(), r.score(), r.at()));
        acknowledgements.acknowledge(acknowledgementsOf(erasures));
    }

    /** A score a person replied by SMS or WhatsApp. */
    record Reply(String profileId, MessageChannel channel, int score, Instant at) {
    }

    /**
     * The score an inbound SMS or WhatsApp message gives, if its whole text is one: "0" to "10", spaces and a final
     * "." or "!" aside.
     */
    static Optional<Reply> reply(ProfileEvent event) {
        TouchpointEvent touchpoint = event.touchpoint();
        if (touchpoint == null || touchpoint.properties() == null
                || !(touchpoint.properties().get("body") instanceof String body) || body.length() > 10) {
            return Optional.empty();
        }
        MessageChannel channel;
        if (touchpoint.channel() == Channel.SMS && EventNames.SMS_RECEIVED.equals(touchpoint.event())) {
            channel = MessageChannel.SMS;
        } else if (touchpoint.channel() == Channel.WHATSAPP
                && EventNames.WHATSAPP_RECEIVED.equals(touchpoint.event())) {
            channel = MessageChannel.WHATSAPP;
        } else {
            return Optional.empty();
        }
        Matcher score = SCORE.matcher(body);
        Instant at = touchpoint.timestamp() != null ? touchpoint.timestamp() : event.occurredAt();
        return score.matches() ? Optional.of(new Reply(event.profileId(), channel, Integer.parseInt(score.group(1)),
                at)) : Optional.empty();
    }

    /** The fate a delivery or engagement event reports of a message this service sent, if it is one. */
    static Optional<Ledger.FateReport> fate(ProfileEvent event) {
        TouchpointEvent touchpoint = event.touchpoint();
        Optional<MessageFate> fate = MessageFate.of(touchpoint);
        if (fate.isEmpty() || touchpoint.properties() == null
                || !(touchpoint.properties().get("requestId") instanceof String requestId) || requestId.isEmpty()
                || requestId.length() > MAX_REQUEST_ID) {
            return Optional.empty();
        }
        Instant at = touchpoint.timestamp() != null ? touchpoint.timestamp() : event.occurredAt();
        return Optional.of(new Ledger.FateReport(requestId, fate.get(), at));
    }

    /** One per erased profile of an erasure request (erasures of older versions name none and are not acknowledged). */
    private List<ErasureAck> acknowledgementsOf(List<ProfileEvent> erasures) {
        Instant now = clock.instant();
        return erasures.stream().filter(e -> e.erasure() != null && e.erasure().erasureId() != null)
                .map(e -> ErasureAck.of(e.erasure().erasureId(), e.profileId(), ErasureAcknowledgements.SERVICE, now))
                .toList();
    }
}
