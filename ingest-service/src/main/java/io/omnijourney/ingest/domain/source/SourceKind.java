package io.omnijourney.ingest.domain.source;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.omnijourney.contract.touchpoint.Channel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What posts to a source: the tracking API (write key) or a provider's webhook (provider signature). */
public enum SourceKind {
    TRACKING(null),
    SENDGRID(Channel.EMAIL),
    TWILIO(Channel.SMS);

    private final Channel fixedChannel;

    SourceKind(Channel fixedChannel) {
        this.fixedChannel = fixedChannel;
    }

    /** Provider sources always speak for one channel; tracking sources take the channel they are created with. */
    public Optional<Channel> fixedChannel() {
        return Optional.ofNullable(fixedChannel);
    }

    public boolean isWebhook() {
        return fixedChannel != null;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SourceKind fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown kind '" + value + "'"));
    }

    public static Optional<SourceKind> parse(String value) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(value)).findFirst();
    }
}
