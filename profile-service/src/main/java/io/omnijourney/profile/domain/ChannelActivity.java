package io.omnijourney.profile.domain;

import io.omnijourney.contract.touchpoint.Channel;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Per-channel statistics: one event counted, or two profiles' statistics combined. */
final class ChannelActivity {

    private ChannelActivity() {
    }

    static Map<Channel, ChannelStats> record(Map<Channel, ChannelStats> current, Channel channel, Instant at) {
        Map<Channel, ChannelStats> updated = copy(current);
        updated.merge(channel, ChannelStats.first(at), ChannelStats::combine);
        return Collections.unmodifiableMap(updated);
    }

    static Map<Channel, ChannelStats> combine(Map<Channel, ChannelStats> left, Map<Channel, ChannelStats> right) {
        Map<Channel, ChannelStats> combined = copy(left);
        right.forEach((channel, stats) -> combined.merge(channel, stats, ChannelStats::combine));
        return Collections.unmodifiableMap(combined);
    }

    private static Map<Channel, ChannelStats> copy(Map<Channel, ChannelStats> source) {
        Map<Channel, ChannelStats> copy = new EnumMap<>(Channel.class);
        copy.putAll(source);
        return copy;
    }
}
